// Partner attributes over time (program format §6) on the sync side: the store records a
// partner's type, certifications, agreement and compliance when it first sees the partner and
// each later change, dated when the CRM says the record was last modified; the engine's data
// carries that history, so a period is judged by the values in effect in it, never by today's.
import type { HistoryEntry } from "../engine/data-schema.ts";
import type { PartnerAttributes, PartnerHistoryEntry, PartnerHistoryInput } from "../store/index.ts";
import type { CanonicalValue } from "./mapping/index.ts";
import type { Entry } from "./model.ts";

const KEYS = ["type", "certifications", "agreement_signed", "compliance_ok"] as const;

/** The four attributes as the engine reads them (src/sync/compute/run.ts builds partners the same way). */
export function partnerAttributes(data: Record<string, CanonicalValue | undefined>): PartnerAttributes {
  return {
    type: typeof data.type === "string" && data.type !== "" ? data.type : "other",
    certifications: typeof data.certifications === "number" ? data.certifications : 0,
    agreement_signed: data.agreement_signed === true,
    compliance_ok: data.compliance_ok === true,
  };
}

export function sameAttributes(a: PartnerAttributes, b: PartnerAttributes): boolean {
  return KEYS.every((k) => a[k] === b[k]);
}

/** What the store last recorded for a partner: its values and the date they took effect. */
export interface RecordedAttributes {
  attributes: PartnerAttributes;
  from: string;
}

export function recordedOf(e: PartnerHistoryEntry): RecordedAttributes {
  const { type, certifications, agreement_signed, compliance_ok } = e;
  return { attributes: { type, certifications, agreement_signed, compliance_ok }, from: e.effectiveFrom };
}

/**
 * The history entries a page of persisted partners adds, and `recorded` updated with them. A
 * partner seen for the first time gets an entry dated `today` (it holds for all earlier periods:
 * the earliest entry does). A change is dated by the CRM record that carries it: the latest
 * last-modified date of the sides whose value is the new one — never before the partner's last
 * entry (entries stay in date order) and never after `today`.
 */
export function historyChanges(
  partners: Entry[],
  recorded: Map<string, RecordedAttributes>,
  today: string,
  runId: number | null,
): PartnerHistoryInput[] {
  const out: PartnerHistoryInput[] = [];
  for (const e of partners) {
    if (e.entity !== "partner" || e.deleted) continue;
    const attributes = partnerAttributes(e.data);
    const last = recorded.get(e.id);
    if (last && sameAttributes(last.attributes, attributes)) continue;
    let from = today;
    let source = "first_seen";
    if (last) {
      const changed = KEYS.filter((k) => last.attributes[k] !== attributes[k]);
      const carrier = carrierOf(e, changed, attributes);
      source = carrier?.crm ?? "unknown";
      from = carrier ? carrier.date : today;
      if (from < last.from) from = last.from;
      if (from > today) from = today;
    }
    out.push({ partnerId: e.id, effectiveFrom: from, source, runId, ...attributes });
    recorded.set(e.id, { attributes, from });
  }
  return out;
}

/** The side (CRM) that holds the new values, with the date its record was last modified. */
function carrierOf(
  e: Entry,
  changed: readonly (typeof KEYS)[number][],
  attributes: PartnerAttributes,
): { crm: string; date: string } | null {
  let best: { crm: string; date: string } | null = null;
  for (const [crm, side] of Object.entries(e.raw.sides)) {
    if (!side) continue;
    const own = partnerAttributes(side.values);
    if (!changed.some((k) => side.values[k] !== undefined && own[k] === attributes[k])) continue;
    const date = side.modifiedAt.slice(0, 10);
    if (!best || date > best.date) best = { crm, date };
  }
  return best;
}

/**
 * A partner's history for the engine (spec §6), from the store's entries (date order): full
 * snapshots, consecutive repeats dropped. `current` is what the engine is given as the partner's
 * current values; when the store has not recorded them yet (a dry run), an entry dated `today`
 * is added, so the last entry always equals them. Empty when the history says nothing but the
 * current values (the partner computes exactly as without history).
 */
export function engineHistory(
  stored: readonly PartnerHistoryEntry[],
  current: PartnerAttributes,
  today: string,
): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  let prev: PartnerAttributes | null = null;
  for (const s of stored) {
    const a = recordedOf(s).attributes;
    if (prev && sameAttributes(prev, a)) continue;
    out.push({ from: s.effectiveFrom, ...pick(a) });
    prev = a;
  }
  if (!prev || !sameAttributes(prev, current)) {
    const last = out.at(-1)?.from;
    out.push({ from: last !== undefined && last > today ? last : today, ...pick(current) });
  }
  return out.length === 1 ? [] : out;
}

function pick(a: PartnerAttributes): Omit<HistoryEntry, "from"> {
  return {
    type: a.type as HistoryEntry["type"] & string,
    certifications: a.certifications,
    agreement_signed: a.agreement_signed,
    compliance_ok: a.compliance_ok,
  };
}
