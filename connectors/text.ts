// Text that crosses the connector boundary inbound is made storable and displayable here, once,
// for both CRMs. PostgreSQL's jsonb and text types cannot hold U+0000 (one NUL in a deal name
// used to fail every run with "unsupported Unicode escape sequence"); a lone UTF-16 surrogate is
// not Unicode at all (jsonb refuses it, and no CRM would take it back); the other C0/C1 control
// characters (except tab, line feed, carriage return) are invisible, break CSV exports and can
// drive a terminal. Each such code unit becomes U+FFFD, the replacement character: the value
// stays distinct from its clean neighbours (a match key is never merged with another by
// stripping) and the damage is visible where the value is shown. The record says which fields
// were repaired, so the run can name them.
import type { CrmRecord, FieldValue } from "./types.ts";

export const REPLACEMENT_CHARACTER = "\uFFFD";

// C0 controls except \t \n \r, DEL and C1 controls, and surrogates that are not part of a pair.
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UNSAFE_TEST = new RegExp(UNSAFE.source);

/** True when the text holds a character `cleanText` would replace. */
export function hasUnsafeText(text: string): boolean {
  return UNSAFE_TEST.test(text);
}

/** The text with every unsafe code unit replaced by U+FFFD (unchanged when there is none). */
export function cleanText(text: string): string {
  return hasUnsafeText(text) ? text.replace(UNSAFE, REPLACEMENT_CHARACTER) : text;
}

/** Describes the first unsafe character, for log lines: `U+0000 at position 3`. */
export function describeUnsafe(text: string): string | null {
  const m = UNSAFE_TEST.exec(text);
  if (!m) return null;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  return `U+${code} at position ${m.index}`;
}

const clean = (v: FieldValue): FieldValue => (typeof v === "string" ? cleanText(v) : v);

/**
 * The record with every string it carries made safe (field values, ids, who modified it,
 * association and merge ids). `repaired` lists the fields whose values changed, with what was
 * found, so the sync can log and count them with the record named.
 */
export function cleanRecord(record: CrmRecord): CrmRecord {
  const repaired: NonNullable<CrmRecord["repaired"]> = [];
  let fields = record.fields;
  for (const [name, value] of Object.entries(record.fields)) {
    if (typeof value !== "string" || !hasUnsafeText(value)) continue;
    if (fields === record.fields) fields = { ...record.fields };
    fields[name] = clean(value);
    repaired.push({ field: name, found: describeUnsafe(value) ?? "" });
  }
  const ids = [record.id, record.modifiedBy ?? "", ...record.mergedIds, record.mirrorOf?.id ?? ""];
  const idsDirty =
    ids.some(hasUnsafeText) || Object.values(record.associations).some((list) => list.some(hasUnsafeText));
  if (repaired.length === 0 && !idsDirty) return record;
  const out: CrmRecord = { ...record, fields };
  if (idsDirty) {
    out.id = cleanText(record.id);
    out.modifiedBy = record.modifiedBy === null ? null : cleanText(record.modifiedBy);
    out.mergedIds = record.mergedIds.map(cleanText);
    out.mirrorOf = record.mirrorOf ? { ...record.mirrorOf, id: cleanText(record.mirrorOf.id) } : null;
    out.associations = Object.fromEntries(
      Object.entries(record.associations).map(([k, list]) => [k, list.map(cleanText)]),
    );
    repaired.push({ field: "(ids)", found: "an id with an unsafe character" });
  }
  out.repaired = repaired;
  return out;
}
