// Classifies HubSpot write errors (a 207's per-record StandardError, or a whole 400) into the
// neutral RecordFailure: transient → retryable, bad data → permanent, setup → config.
import type { FailureClass, RecordFailure } from "../types.ts";
import type { HubSpotErrorBody } from "./errors.ts";
import type { StandardError } from "./wire.ts";

const TRANSIENT = /RATE_LIMIT|INTERNAL|TIMEOUT|UNAVAILABLE|LOCK|TOO_MANY/i;
const CONFIG =
  /MISSING_SCOPES|PROPERTY_DOESNT_EXIST|PROPERTY_DOES_NOT_EXIST|READ_ONLY|PERMISSION|UNAUTHORIZED|FORBIDDEN|INVALID_AUTHENTICATION/i;

function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

/** Property names HubSpot blamed: context.propertyName, nested errors, or the JSON list in the message. */
function blamedProperties(e: StandardError | HubSpotErrorBody): string[] {
  const out = new Set<string>();
  const ctx = (e.context ?? {}) as Record<string, unknown>;
  for (const k of ["propertyName", "propertyNames", "property", "properties"])
    for (const s of strings(ctx[k])) out.add(s);
  for (const d of e.errors ?? []) {
    const c = (d.context ?? {}) as Record<string, unknown>;
    for (const k of ["propertyName", "propertyNames", "property"]) for (const s of strings(c[k])) out.add(s);
  }
  for (const m of (e.message ?? "").matchAll(/"name"\s*:\s*"([A-Za-z0-9_]+)"/g)) if (m[1]) out.add(m[1]);
  return [...out];
}

function specificCode(e: StandardError | HubSpotErrorBody): string | undefined {
  const nested = e.errors?.find((d) => d.code)?.code;
  if (nested) return nested;
  const m = /"error"\s*:\s*"([A-Z_]+)"/.exec(e.message ?? "");
  return m?.[1];
}

export function classify(category: string | undefined, code: string | undefined): FailureClass {
  const text = `${category ?? ""} ${code ?? ""}`;
  if (CONFIG.test(text)) return "config";
  // HubSpot's VALIDATION_ERROR is about the data, whatever the specific code says.
  if (/VALIDATION|INVALID|NOT_FOUND/i.test(category ?? "")) return "permanent";
  if (TRANSIENT.test(text)) return "retryable";
  return "permanent";
}

export function recordFailureOf(
  e: StandardError | HubSpotErrorBody,
  fallbackCategory = "UNKNOWN",
): RecordFailure {
  const category = e.category ?? fallbackCategory;
  const code = specificCode(e) ?? category;
  return {
    class: classify(category, code),
    code,
    message: (e.message ?? category).slice(0, 2_000),
    fields: blamedProperties(e),
  };
}

/** The ids (record ids, or idProperty values for upserts) a StandardError names. */
export function idsOf(e: StandardError): string[] {
  const ctx = (e.context ?? {}) as Record<string, unknown>;
  const ids = [...strings(ctx.ids), ...strings(ctx.id), ...strings(ctx.objectIds)];
  if (e.id) ids.push(e.id);
  return ids;
}
