// Long computed text (a deal's explanation, what a partner misses for the next tier) cut to the
// CRM field's length with a marker, instead of the whole record being quarantined for one field:
// the figures beside it must still be written. Lengths count characters (code points), as the
// describe check in outbound.ts does.
import type { CrmName } from "../../../connectors/types.ts";

/**
 * The longest a text value may be when the describe names no length: Salesforce's Long Text
 * Area maximum (131,072 characters) and HubSpot's limit on a property value (65,536).
 */
export const TEXT_LIMIT: Record<CrmName, number> = { salesforce: 131_072, hubspot: 65_536 };

/** Appended to a cut text; `{shown}` and `{total}` are character counts. */
const MARKER = "\n… [cut to fit the field: {shown} of {total} characters; the full text is on the statement]";

/**
 * `text` when it fits in `max` characters; else its start and a marker saying how much was cut,
 * the whole at most `max` characters. A field too short for the marker gets the start and "…".
 */
export function fitText(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const total = chars.length;
  // The marker's own length depends on the digits of `shown`; `total` bounds them.
  const longest = MARKER.replace("{shown}", String(total)).replace("{total}", String(total)).length;
  if (longest >= max) return `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
  // Fill the field exactly: fewer digits in `shown` than in `total` leave room for more text.
  const markerFor = (shown: number) =>
    MARKER.replace("{shown}", String(shown)).replace("{total}", String(total));
  let shown = max - longest;
  while (shown + 1 + markerFor(shown + 1).length <= max) shown++;
  return chars.slice(0, shown).join("") + markerFor(shown);
}
