// What every HubSpot module shares: config, the client APIs, the call policy, the logger, the
// clock, and the per-object property definitions (fetched once, then cached).
import type { Logger } from "pino";
import type { CallPolicy } from "./call-policy.ts";
import type { HubSpotConfig } from "./config.ts";
import { HubSpotError } from "./errors.ts";
import type { HubSpotApis } from "./hubspot-client.ts";
import type { CurrencyConverter } from "./values.ts";
import { propertyListSchema, type WireProperty } from "./wire.ts";

export interface HubSpotContext {
  config: HubSpotConfig;
  apis: HubSpotApis;
  policy: CallPolicy;
  logger: Logger;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  fx: CurrencyConverter;
  properties(object: string, refresh?: boolean): Promise<Map<string, WireProperty>>;
}

/** `deals`/`companies` as the API names them; accepts the object type ids too. */
export function objectTypeOf(object: string): string {
  const o = object.trim();
  if (o === "0-3" || o.toLowerCase() === "deal" || o.toLowerCase() === "deals") return "deals";
  if (o === "0-2" || o.toLowerCase() === "company" || o.toLowerCase() === "companies") return "companies";
  return o;
}

/** The property where HubSpot's native Salesforce integration keeps the mirrored record's id. */
export const MIRROR_PROPERTY: Record<string, string> = {
  deals: "hs_salesforceopportunityid",
  companies: "salesforceaccountid",
};

export function propertyCache(
  load: (object: string) => Promise<unknown>,
): (object: string, refresh?: boolean) => Promise<Map<string, WireProperty>> {
  const cache = new Map<string, Promise<Map<string, WireProperty>>>();
  return (object, refresh = false) => {
    const type = objectTypeOf(object);
    let hit = refresh ? undefined : cache.get(type);
    if (!hit) {
      hit = load(type).then((raw) => {
        const parsed = propertyListSchema.safeParse(raw);
        if (!parsed.success) {
          throw new HubSpotError("HUBSPOT_BAD_RESPONSE", `unexpected properties response for ${type}`);
        }
        return new Map(parsed.data.results.map((p) => [p.name, p]));
      });
      hit.catch(() => cache.delete(type));
      cache.set(type, hit);
    }
    return hit;
  };
}
