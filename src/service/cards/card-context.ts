// What the HubSpot card builders read: the store only (never a CRM), the program versions the
// statements were computed with (parsed once per version), today's date and the HubSpot object
// names the mapping links companies and deals under.
import { type Program, parseProgram } from "../../engine/index.ts";
import type { Store } from "../../store/index.ts";
import { type CardStatement, createStatementCache } from "./deal-index.ts";

export interface CardContext {
  store: Store;
  /** The program version a statement was computed with (null: gone or invalid). */
  program(versionId: number): Promise<Program | null>;
  /** A posted statement's figures and lines by deal (by row id; kept: rows never change). */
  statement(statementId: string): Promise<CardStatement | null>;
  /** Today, `YYYY-MM-DD` (the runs' clock: INCENTIVES_NOW when set). */
  today(): string;
  /** What the live HubSpot mapping names: objects, and the deal properties the projection is written to. */
  objects(): CardObjects;
}

export interface CardObjects {
  /** crm_links object names of HubSpot companies and deals (the mapping's `object`). */
  partner: string;
  deal: string;
  /** The deal properties the sync writes the open-deal projection to (null: not mapped). */
  projection: { amount: string | null; explanation: string | null; tier: string | null };
}

/** The shipped HubSpot mapping's names (mappings/hubspot.yaml). */
export const DEFAULT_OBJECTS: CardObjects = {
  partner: "companies",
  deal: "deals",
  projection: { amount: "projected_incentive", explanation: "projected_explanation", tier: "projected_tier" },
};

export function createCardContext(deps: {
  store: Store;
  now?: () => Date;
  objects?: () => CardObjects;
}): CardContext {
  // Versions are immutable once saved: a parsed program never goes stale.
  const programs = new Map<number, Promise<Program | null>>();
  const now = deps.now ?? (() => new Date());
  return {
    store: deps.store,
    program(versionId) {
      let p = programs.get(versionId);
      if (!p) {
        p = deps.store.programVersions.get(versionId).then((v) => {
          if (!v) return null;
          const parsed = parseProgram(v.yaml);
          return parsed.ok ? parsed.value : null;
        });
        // A failed read is not cached: the next card asks again.
        p.catch(() => programs.delete(versionId));
        programs.set(versionId, p);
      }
      return p;
    },
    statement: createStatementCache(deps.store),
    today: () => now().toISOString().slice(0, 10),
    objects: deps.objects ?? (() => DEFAULT_OBJECTS),
  };
}
