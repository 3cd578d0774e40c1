// Property value validation as HubSpot does it on create/update. A request with any invalid
// value is rejected as a whole with 400 VALIDATION_ERROR "Property values were not valid: […]"
// and one `errors[]` entry per problem (`{message, code, context:{propertyName:[…]}}`), observed
// shape e.g. for PROPERTY_DOESNT_EXIST (3P: HubSpot API responses quoted in public repos; codes
// INVALID_OPTION/INVALID_DATE/READ_ONLY_VALUE follow the same model; the number code is
// UNCONFIRMED — we answer INVALID_DECIMAL for non-numeric input).
// Value formats: https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide
// (date properties take midnight-UTC ms or YYYY-MM-DD; datetime takes ms epoch or ISO 8601).
import { errorBody, HubSpotApiError } from "../errors.ts";
import type { PropertyDef, PropertyRegistry } from "./registry.ts";

export interface PropertyProblem {
  name: string;
  code: string;
  message: string;
}

const NUMBER_RE = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const DATE_ONLY_RE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Parses an epoch-ms or ISO 8601 input; returns NaN when it is neither. */
export function parseTimestamp(raw: string): number {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  if (DATE_ONLY_RE.test(raw)) return Date.parse(`${raw}T00:00:00.000Z`);
  if (/^\d{4}-\d{2}-\d{2}T/.test(raw)) return Date.parse(raw);
  return Number.NaN;
}

function asString(value: unknown): string | undefined {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** Normalises one value to the stored string, or returns a problem. */
export function normaliseValue(def: PropertyDef, raw: unknown): { value: string } | PropertyProblem {
  const text = asString(raw);
  const name = def.name;
  if (text === undefined) {
    return {
      name,
      code: "INVALID_PROPERTY_VALUE",
      message: `${JSON.stringify(raw)} is not a valid value for ${name}`,
    };
  }
  if (text === "") return { value: "" };
  switch (def.type) {
    case "string":
      return { value: text };
    case "number":
      if (!NUMBER_RE.test(text.trim())) {
        return { name, code: "INVALID_DECIMAL", message: `${text} was not a valid number.` };
      }
      return { value: text.trim() };
    case "bool": {
      const lower = text.toLowerCase();
      if (lower !== "true" && lower !== "false") {
        return { name, code: "INVALID_BOOLEAN", message: `${text} was not a valid boolean (true or false).` };
      }
      return { value: lower };
    }
    case "datetime": {
      const ms = parseTimestamp(text);
      if (Number.isNaN(ms)) {
        return {
          name,
          code: "INVALID_DATE_TIME",
          message: `${text} was not a valid date/time (epoch ms or ISO 8601).`,
        };
      }
      return { value: new Date(ms).toISOString() };
    }
    case "date": {
      const ms = parseTimestamp(text);
      if (Number.isNaN(ms) || ms % DAY_MS !== 0) {
        return {
          name,
          code: "INVALID_DATE",
          message: `${text} is at ${Number.isNaN(ms) ? "no valid time" : new Date(ms).toISOString()} which isn't midnight in UTC.`,
        };
      }
      return { value: new Date(ms).toISOString().slice(0, 10) };
    }
    case "enumeration": {
      if (def.externalOptions) return { value: text };
      const allowed = new Set(def.options.map((o) => o.value));
      const parts = def.fieldType === "checkbox" ? text.split(";") : [text];
      const bad = parts.find((p) => !allowed.has(p));
      if (bad !== undefined) {
        return {
          name,
          code: "INVALID_OPTION",
          message: `${bad} was not one of the allowed options: [${[...allowed].join(", ")}]`,
        };
      }
      return { value: text };
    }
  }
}

/**
 * Read-only values an API create may still set: `createdate` (imports and migrations backdate
 * records; HubSpot accepts it on create). On update it stays read-only (READ_ONLY_VALUE): we
 * found no HubSpot documentation of createdate changes after creation, so the emulator keeps the
 * stricter rule the connector must live with.
 */
const WRITABLE_ON_CREATE = new Set(["createdate"]);

/**
 * Validates and normalises a `properties` input. `allowReadOnly` is for the back door and the
 * emulator's own bookkeeping (createdate, hs_merged_object_ids, …).
 */
export function validateProperties(
  registry: PropertyRegistry,
  input: Record<string, unknown>,
  allowReadOnly = false,
  creating = false,
): { values: Record<string, string>; problems: PropertyProblem[] } {
  const values: Record<string, string> = {};
  const problems: PropertyProblem[] = [];
  for (const [name, raw] of Object.entries(input)) {
    const def = registry.get(name);
    if (!def) {
      problems.push({ name, code: "PROPERTY_DOESNT_EXIST", message: `Property "${name}" does not exist` });
      continue;
    }
    if (
      def.modificationMetadata.readOnlyValue &&
      !allowReadOnly &&
      !(creating && WRITABLE_ON_CREATE.has(name))
    ) {
      problems.push({ name, code: "READ_ONLY_VALUE", message: `Property "${name}" is a read only property` });
      continue;
    }
    const result = normaliseValue(def, raw);
    if ("code" in result) problems.push(result);
    else values[name] = result.value;
  }
  return { values, problems };
}

/** The 400 HubSpot answers for invalid property values (the whole request is rejected). */
export function propertyValidationError(problems: PropertyProblem[], portalId: number): HubSpotApiError {
  const legacy = problems.map((p) => ({
    isValid: false,
    message: p.message,
    error: p.code,
    name: p.name,
    localizedErrorMessage: p.message,
    portalId,
  }));
  return new HubSpotApiError(400, {
    ...errorBody("VALIDATION_ERROR", `Property values were not valid: ${JSON.stringify(legacy)}`, {
      errors: problems.map((p) => ({
        message: p.message,
        code: p.code,
        context: { propertyName: [p.name] },
      })),
    }),
  });
}
