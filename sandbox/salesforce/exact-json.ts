// Salesforce stores currency, number and percent fields as decimals (precision up to 18 digits)
// and writes them into JSON as exact number text: `"Amount": 1234567890123456.78`. A double holds
// about 15–17 significant digits, so the emulator keeps a number a double cannot hold as its
// decimal text, reads request bodies without losing it, and writes it back as a JSON number.
// Uses JSON.parse source text access and JSON.rawJSON (V8 11.4+, Node 21+), which TypeScript's
// es2023 lib does not declare yet.
import { Dec } from "../../money/index.ts";

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;
const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/** True when a double holds the decimal `text` exactly. */
export function doubleHolds(text: string, value: number): boolean {
  return new Dec(text).eq(new Dec(value));
}

/** JSON.parse reviver: a number a double cannot hold stays its source text (a decimal string). */
export const exactNumberReviver: Reviver = (_key, value, context) =>
  typeof value === "number" && context?.source !== undefined && !doubleHolds(context.source, value)
    ? context.source
    : value;

/** The JSON value for a stored decimal text: a JSON number with exactly these digits. */
export function exactNumber(text: string): unknown {
  return rawJSON(text);
}
