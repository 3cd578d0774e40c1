// Health port: the store answers a trivial query; each CRM answers its API-budget call (the
// connector fetches usage with our credentials, so a rejected token fails it).
import type { CrmConnector, CrmName } from "../../../connectors/types.ts";
import type { Store } from "../../store/index.ts";
import type { Health } from "../ports.ts";

export function createHealth(deps: {
  store: Store;
  connectors: Partial<Record<CrmName, CrmConnector>>;
}): Health {
  return {
    store: () => deps.store.ping(),
    async crms() {
      const entries = Object.entries(deps.connectors) as [CrmName, CrmConnector | undefined][];
      const checks = await Promise.all(
        entries.map(async ([crm, connector]) => {
          if (!connector) return [crm, false] as const;
          try {
            await connector.budget();
            return [crm, true] as const;
          } catch {
            return [crm, false] as const;
          }
        }),
      );
      return Object.fromEntries(checks);
    },
  };
}
