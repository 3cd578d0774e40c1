// Associations for list reads, taken from the list response itself
// (GET /crm/v3/objects/{type}?associations=companies), so a full read costs one call per page
// instead of two.
//
// What the inline shape carries (v3, `associations.companies.results[] = {id, type}`):
// - one entry per association type on each link: the unlabelled default
//   ("deal_to_company_unlabeled", on every link), the primary ("deal_to_company"), and for a
//   user-defined label its *internal name* (e.g. "partner"), never its display label or type id
//   (https://community.hubspot.com/t5/APIs-Integrations/Object-data-fetch-sorting-out-associations/td-p/658333);
// - at most 100 associations per record and object type; past that the record's
//   `associations.companies.paging.next.after` is set
//   (https://developers.hubspot.com/changelog/announcing-a-change-to-how-v3-crm-APIs-return-association-data).
//
// The mapping filters by display label (`Partner`), which the inline `type` does not carry
// reliably (the internal name is chosen separately, and a label can be renamed while its name
// stays). So the display label is resolved per run from evidence rather than guessed from the
// name: records whose inline type names are not yet known go through the v4 batch read (which
// reports category, type id and label per link); each link read both ways pins down which type
// id each name stands for (intersection of the links that carry the name, minus those that do
// not, names and types one to one; the one prior is that "…_unlabeled" names the type without a
// label). Once a name is known — one type, seen on at least two links, never contradicted —
// records carrying only known names are answered from the inline shape alone. In practice the
// first page of a run costs one v4 call and the rest none. Truncated records always go to v4.
import { z } from "zod";
import type { AssociationRequest, CrmRecord } from "../types.ts";
import {
  keptTargets,
  type LinkType,
  type LinkTypes,
  labelMatches,
  normalizedLabel,
  readLinkTypes,
} from "./associations.ts";
import { type HubSpotContext, objectTypeOf } from "./context.ts";
import type { WireObject } from "./wire.ts";

const inlineSchema = z
  .record(
    z.string(),
    z
      .object({
        results: z
          .array(z.object({ id: z.union([z.string(), z.number()]), type: z.string().nullish() }).loose())
          .default([]),
        paging: z
          .object({ next: z.object({ after: z.string().nullish() }).loose().nullish() })
          .loose()
          .nullish(),
      })
      .loose(),
  )
  .nullish();

/** One record's inline links to one object type: target id → the type names on that link. */
interface InlineLinks {
  links: Map<string, Set<string>>;
  truncated: boolean;
}

/**
 * Target types whose inline block is keyed by the name we ask with. A custom object's block key
 * need not be the name or id it was requested by; those go through v4, never read as "none".
 */
const INLINE_TYPES = new Set([
  "companies",
  "contacts",
  "deals",
  "tickets",
  "line_items",
  "products",
  "quotes",
]);

const requestedTypes = (requests: AssociationRequest[] | undefined) => [
  ...new Set((requests ?? []).map((r) => objectTypeOf(r.toObject))),
];

/** The list call's `associations` parameter: each requested target type once. */
export function inlineAssociationTypes(requests: AssociationRequest[] | undefined): string[] {
  return requestedTypes(requests).filter((t) => INLINE_TYPES.has(t));
}

/** Undefined when the record carries no parsable inline block (then nothing is known: v4). */
function inlineLinks(wire: WireObject, toType: string): InlineLinks | undefined {
  const parsed = inlineSchema.safeParse((wire as { associations?: unknown }).associations);
  if (!parsed.success) return undefined;
  // HubSpot leaves a type out when the record has no association to it.
  const block = parsed.data?.[toType];
  const links = new Map<string, Set<string>>();
  for (const r of block?.results ?? []) {
    const id = String(r.id);
    const names = links.get(id) ?? new Set<string>();
    links.set(id, names);
    if (r.type) names.add(r.type);
  }
  return { links, truncated: Boolean(block?.paging?.next?.after) };
}

const typeKey = (t: LinkType) => `${t.category}:${t.typeId}`;

/**
 * What each inline type name stands for, learned from links read both ways (inline names and
 * v4 types) in one run, for one object-type pair. Distinct name sets are kept with their link
 * counts and everything is recomputed from them, so the order of evidence does not matter.
 */
export class InlineTypeNames {
  readonly #evidence = new Map<string, { names: string[]; keys: string[]; links: number }>();
  readonly #labels = new Map<string, string | null>();
  #resolved = new Map<string, string>();

  /** A link read both ways. Links whose two sides disagree in size (a race) teach nothing. */
  observe(names: Set<string>, types: LinkType[]): void {
    const keys = [...new Set(types.map(typeKey))].sort();
    if (names.size === 0 || names.size !== keys.length) return;
    for (const t of types) this.#labels.set(typeKey(t), t.label);
    const sortedNames = [...names].sort();
    const sig = `${sortedNames.join("\u0000")}\u0001${keys.join("\u0000")}`;
    const e = this.#evidence.get(sig);
    if (e) e.links++;
    else this.#evidence.set(sig, { names: sortedNames, keys, links: 1 });
  }

  /** Recomputes the name → type resolution from all evidence so far. */
  settle(): void {
    const candidates = new Map<string, Set<string>>();
    const support = new Map<string, number>();
    const all = [...this.#evidence.values()];
    for (const e of all) {
      for (const n of e.names) {
        support.set(n, (support.get(n) ?? 0) + e.links);
        const c = candidates.get(n);
        candidates.set(n, c ? new Set(e.keys.filter((k) => c.has(k))) : new Set(e.keys));
      }
    }
    // A name absent from a link is none of that link's types; an "…_unlabeled" name is the
    // unlabelled default (label null), which tells it from a label that always comes with it
    // (a deal linked to its partner alone shows "deal_to_company_unlabeled" + "partner").
    for (const [n, c] of candidates) {
      for (const e of all) if (!e.names.includes(n)) for (const k of e.keys) c.delete(k);
      if (n.endsWith("_unlabeled")) for (const k of c) if (this.#labels.get(k) !== null) c.delete(k);
    }
    // Names and types correspond one to one: a type pinned to one name is no other's.
    for (let changed = true; changed; ) {
      changed = false;
      for (const [n, c] of candidates) {
        if (c.size !== 1) continue;
        const only = [...c][0] as string;
        for (const [m, d] of candidates) if (m !== n && d.delete(only)) changed = true;
      }
    }
    const resolved = new Map<string, string>();
    for (const [n, c] of candidates) {
      if (c.size === 1 && (support.get(n) ?? 0) >= 2) resolved.set(n, [...c][0] as string);
    }
    this.#resolved = resolved;
  }

  known(name: string): boolean {
    return this.#resolved.has(name);
  }

  /** The label of a known name's type (null: unlabelled). */
  labelOf(name: string): string | null {
    const key = this.#resolved.get(name);
    return key === undefined ? null : (this.#labels.get(key) ?? null);
  }
}

/** Per-run state: one learner per target object type. */
export class InlineAssociationResolver {
  readonly #names = new Map<string, InlineTypeNames>();

  names(toType: string): InlineTypeNames {
    let n = this.#names.get(toType);
    if (!n) {
      n = new InlineTypeNames();
      this.#names.set(toType, n);
    }
    return n;
  }
}

/**
 * Sets `records[i].associations` from `wires[i]` (the same list page, same order), reading the
 * v4 batch only for records the inline shape cannot answer: truncated ones, and, when a label
 * is wanted, those carrying a type name not yet known.
 */
export async function attachInlineAssociations(
  ctx: HubSpotContext,
  objectType: string,
  records: CrmRecord[],
  wires: WireObject[],
  requests: AssociationRequest[] | undefined,
  resolver: InlineAssociationResolver,
  signal?: AbortSignal,
): Promise<void> {
  if (!requests?.length) return;
  for (const toType of requestedTypes(requests)) {
    const asked = INLINE_TYPES.has(toType);
    const reqs = requests.filter((r) => objectTypeOf(r.toObject) === toType);
    const labels = reqs.map((r) => normalizedLabel(ctx, objectType, r));
    const learner = resolver.names(toType);
    const inline = new Map<string, InlineLinks>();
    const viaV4: string[] = [];
    records.forEach((r, i) => {
      for (const req of reqs) r.associations[req.as] = [];
      const w = wires[i];
      if (r.deleted || !w) return;
      const links = asked ? inlineLinks(w, toType) : undefined;
      if (links) inline.set(r.id, links);
      const unknownName =
        links !== undefined &&
        labels.some((l) => l !== undefined) &&
        [...links.links.values()].some((names) => [...names].some((n) => !learner.known(n)));
      if (!links || links.truncated || unknownName) viaV4.push(r.id);
    });
    const read: LinkTypes =
      viaV4.length > 0 ? await readLinkTypes(ctx, objectType, toType, viaV4, signal) : new Map();
    for (const id of viaV4) {
      const links = inline.get(id);
      if (!links || links.truncated) continue;
      for (const [toId, types] of read.get(id) ?? []) {
        const names = links.links.get(toId);
        if (names) learner.observe(names, types);
      }
    }
    learner.settle();
    for (const r of records) {
      if (r.deleted) continue;
      const fromV4 = read.get(r.id);
      const links = inline.get(r.id);
      reqs.forEach((req, k) => {
        const wanted = labels[k];
        if (fromV4) r.associations[req.as] = keptTargets(fromV4, wanted);
        else if (links) {
          r.associations[req.as] = [...links.links]
            .filter(
              ([, names]) =>
                wanted === undefined || [...names].some((n) => labelMatches(learner.labelOf(n), wanted)),
            )
            .map(([toId]) => toId);
        }
      });
    }
  }
}
