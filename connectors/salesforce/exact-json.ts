// Salesforce writes currency, number and percent values into REST JSON as exact number text
// (currency has up to 18 significant digits). jsforce JSON.parses every body, and a double keeps
// only ~15–17 digits: `1234567890123456.78` would arrive as `1234567890123456.8`. So before
// jsforce parses a body, each number a double cannot hold exactly is turned into a JSON string
// of the same digits; `values.ts` reads numeric strings as decimals. Numbers a double holds are
// left alone (jsforce's own fields, `totalSize`, stay numbers). Uses JSON.parse source text
// access (V8 11.4+, Node 21+), which TypeScript's es2023 lib does not declare yet; without it the
// connector does not start (json-source-text.ts) rather than read doubles.
import { Dec } from "../../money/index.ts";
import { jsonSourceTextUnsupported } from "./json-source-text.ts";

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

// A JSON number with 16 or more digits (before and after the point together): the only ones a
// double may not hold. Checked first so ordinary bodies are parsed once, by jsforce.
const LONG_NUMBER = /(?<![\w."])-?\d[\d.]{15,}/;

const keepDigits: Reviver = (_key, value, context) => {
  if (typeof value !== "number") return value;
  // Never fall back to the double: the connector checked the runtime at creation
  // (json-source-text.ts); a number without its source text here means it did not.
  if (context?.source === undefined) throw jsonSourceTextUnsupported();
  return new Dec(context.source).eq(new Dec(value)) ? value : context.source;
};

/** The JSON text with every number a double cannot hold exactly turned into a string of its digits. */
export function exactJsonBody(text: string): string {
  if (!LONG_NUMBER.test(text)) return text;
  let changed = false;
  const parsed = JSON.parse(text, ((key, value, context) => {
    const out = keepDigits(key, value, context);
    if (out !== value) changed = true;
    return out;
  }) as Reviver as (key: string, value: unknown) => unknown);
  return changed ? JSON.stringify(parsed) : text;
}
