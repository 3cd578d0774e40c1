// Validation rules of spec §5 (partner archetypes) on the raw program document, each problem named
// by its path: ladders (catch-all only last, no `tier` in a ladder's filter), partner filters naming
// unknown tiers, `basis: margin` where it means nothing, and the tier_rate rule — a rate for every
// level of every ladder a partner the component applies to can be evaluated on.
import { PARTNER_TYPES } from "./data-schema.ts";

type Raw = Record<string, unknown>;
type Add = (path: PropertyKey[], message: string, code: string) => void;
const isObj = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** A ladder as written, with its path: `tiers` (one ladder, v1) or `tiers[i]`. */
export interface LadderDoc {
  doc: Raw;
  path: PropertyKey[];
  /** How problems name it: "tiers" / "tiers[1]" or its name. */
  label: string;
  names: string[];
  types: string[] | null;
  ids: string[] | null;
}

export function ladderDocs(tiers: unknown): LadderDoc[] {
  const list: { doc: unknown; path: PropertyKey[] }[] = Array.isArray(tiers)
    ? tiers.map((doc, i) => ({ doc, path: ["tiers", i] }))
    : tiers === undefined
      ? []
      : [{ doc: tiers, path: ["tiers"] }];
  const out: LadderDoc[] = [];
  for (const { doc, path } of list) {
    if (!isObj(doc)) continue;
    const levels = Array.isArray(doc.levels) ? (doc.levels as unknown[]) : [];
    const partners = isObj(doc.partners) ? doc.partners : null;
    const where = path.length === 1 ? "tiers" : `tiers[${String(path[1])}]`;
    out.push({
      doc,
      path,
      label: typeof doc.name === "string" ? `'${doc.name}' (${where})` : where,
      names: levels.flatMap((l) => (isObj(l) && typeof l.name === "string" ? [l.name] : [])),
      types: partners && partners.type !== undefined ? strings(partners.type) : null,
      ids: partners && partners.id !== undefined ? strings(partners.id) : null,
    });
  }
  return out;
}

const matches = (l: LadderDoc, type: string, id: string) =>
  (l.types === null || l.types.includes(type)) && (l.ids === null || l.ids.includes(id));

/**
 * The ladders a partner admitted by `filter` (type/id; a tier filter does not change which ladder
 * evaluates it) can be on, by trying every type against every id any filter names and one named
 * by none. -1 stands for "no ladder" (the implicit Standard tier).
 */
export function reachableLadders(ladders: LadderDoc[], filter: Raw | null): Set<number> {
  const types = filter && filter.type !== undefined ? strings(filter.type) : [...PARTNER_TYPES];
  const named = new Set<string>([...ladders.flatMap((l) => l.ids ?? []), ...strings(filter?.id)]);
  const ids = filter && filter.id !== undefined ? strings(filter.id) : [...named, "\u0000any other id"];
  const out = new Set<number>();
  for (const type of types)
    for (const id of ids) {
      const i = ladders.findIndex((l) => matches(l, type, id));
      out.add(i);
    }
  return out;
}

/** Every tier name a partner can hold: the ladders' levels, and Standard when a partner can match none. */
export function knownTierNames(ladders: LadderDoc[]): string[] {
  if (ladders.length === 0) return ["Standard"];
  const names: string[] = [];
  for (const l of ladders) for (const n of l.names) if (!names.includes(n)) names.push(n);
  if (reachableLadders(ladders, null).has(-1) && !names.includes("Standard")) names.push("Standard");
  return names;
}

export function ladderProblems(ladders: LadderDoc[], add: Add): void {
  if (ladders.length < 2 && ladders[0]?.path.length === 1) return;
  ladders.forEach((l, i) => {
    const partners = l.doc.partners;
    const catchAll = !isObj(partners) || (partners.type === undefined && partners.id === undefined);
    if (catchAll && i < ladders.length - 1)
      add(
        [...l.path, "partners"],
        `ladder ${l.label} has no partners filter, so it matches every partner: only the last ladder may omit it`,
        "catch_all_not_last",
      );
  });
  for (const l of ladders)
    if (isObj(l.doc.partners) && l.doc.partners.tier !== undefined)
      add(
        [...l.path, "partners", "tier"],
        `a ladder's partners filter cannot name a tier (the ladder decides the tier): ladder ${l.label}`,
        "tier_in_ladder_filter",
      );
}

/** A `partners:` filter on a component or scorecard metric: its tiers must be names partners can hold. */
export function partnerFilterProblems(
  filter: unknown,
  path: PropertyKey[],
  tierNames: string[],
  add: Add,
): void {
  if (!isObj(filter) || !Array.isArray(filter.tier)) return;
  (filter.tier as unknown[]).forEach((t, j) => {
    if (typeof t === "string" && !tierNames.includes(t))
      add([...path, "tier", j], `unknown tier '${t}' (tiers: ${tierNames.join(", ")})`, "unknown_tier");
  });
}

/** `basis: margin` only where an amount is multiplied: rate, tier_rate, accrual. */
export function basisProblems(c: Raw, path: PropertyKey[], add: Add): void {
  if (c.basis === "margin" && (c.type === "spif" || c.type === "multiplier"))
    add(
      [...path, "basis"],
      c.type === "spif"
        ? "basis: margin is not allowed on a spif (it pays a fixed amount per deal)"
        : "basis: margin is not allowed on a multiplier (it multiplies other components' lines)",
      "invalid_basis",
    );
}

/**
 * A tier_rate needs a rate for every level of every ladder a partner it applies to can be
 * evaluated on (and Standard when such a partner can match no ladder); with a `tier` filter, only
 * for the levels it admits. Rates naming no tier are errors too.
 */
export function tierRateProblems(
  c: Raw,
  path: PropertyKey[],
  ladders: LadderDoc[],
  tierNames: string[],
  add: Add,
): void {
  if (!isObj(c.rates)) return;
  const rates = c.rates;
  const filter = isObj(c.partners) ? c.partners : null;
  const tierFilter = filter && filter.tier !== undefined ? strings(filter.tier) : null;
  const v1 = ladders.length === 0 || (ladders.length === 1 && ladders[0]!.path.length === 1 && !filter);
  if (v1) {
    for (const name of tierNames)
      if (!(name in rates))
        add([...path, "rates", name], `missing rate for tier '${name}'`, "missing_tier_rate");
  } else {
    const reported = new Set<string>();
    for (const i of [...reachableLadders(ladders, filter)].sort((a, b) => a - b)) {
      const names = i < 0 ? ["Standard"] : ladders[i]!.names;
      const of = i < 0 ? "(partners matching no ladder hold Standard)" : `of ladder ${ladders[i]!.label}`;
      for (const name of names) {
        if (name in rates || reported.has(name) || (tierFilter && !tierFilter.includes(name))) continue;
        reported.add(name);
        add(
          [...path, "rates", name],
          `missing rate for tier '${name}' ${of}: a partner this component applies to can hold it`,
          "missing_tier_rate",
        );
      }
    }
  }
  for (const name of Object.keys(rates))
    if (!tierNames.includes(name))
      add(
        [...path, "rates", name],
        `'${name}' is not a tier (tiers: ${tierNames.join(", ")})`,
        "unknown_tier",
      );
}
