// Property values are strings on HubSpot's wire. These functions map them to neutral
// FieldValues (decimals stay strings) and back, validating outgoing values against the
// property definition so an invalid value never costs an API call.
// Property types: https://developers.hubspot.com/docs/api/crm/properties#property-type-and-fieldtype-values
import { Dec } from "../../money/index.ts";
import type { FieldDescription, FieldType, FieldValue, RecordFailure } from "../types.ts";
import type { WireProperty } from "./wire.ts";
import { toEpochMs } from "./wire.ts";

export function neutralType(p: WireProperty): FieldType {
  if (p.name === "hs_object_id") return "id";
  switch (p.type) {
    case "number":
      if (p.showCurrencySymbol) return "currency";
      if (p.numberDisplayHint === "percentage" || p.numberDisplayHint === "probability") return "percent";
      return "number";
    case "bool":
      return "boolean";
    case "date":
      return "date";
    case "datetime":
      return "datetime";
    case "enumeration":
      if (p.fieldType === "booleancheckbox") return "boolean";
      return p.fieldType === "checkbox" ? "multipicklist" : "picklist";
    case "string":
    case "phone_number":
      return p.fieldType === "textarea" ? "textarea" : "string";
    case "object_coordinates":
      return "reference";
    default:
      return "other";
  }
}

export function describeProperty(p: WireProperty): FieldDescription {
  const type = neutralType(p);
  const readOnly = p.modificationMetadata?.readOnlyValue === true || p.calculated === true;
  const d: FieldDescription = {
    name: p.name,
    label: p.label ?? p.name,
    type,
    updateable: !readOnly,
    createable: !readOnly,
    nillable: true,
  };
  if ((type === "picklist" || type === "multipicklist") && p.options) {
    d.picklistValues = p.options.map((o) => o.value);
    d.restrictedPicklist = p.externalOptions !== true;
  }
  if (p.hasUniqueValue) {
    d.unique = true;
    d.externalId = true;
  }
  return d;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Wire string → neutral FieldValue, by the property's definition when known. */
export function fromWire(raw: string | null | undefined, prop: WireProperty | undefined): FieldValue {
  if (raw === null || raw === undefined || raw === "") return null;
  if (!prop) return raw;
  const type = neutralType(prop);
  switch (type) {
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : raw;
    case "date": {
      if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw;
      const ms = toEpochMs(raw);
      return ms === undefined ? raw : isoDay(ms);
    }
    case "datetime": {
      const ms = toEpochMs(raw);
      return ms === undefined ? raw : new Date(ms).toISOString();
    }
    default:
      return raw;
  }
}

export type ToWireResult = { ok: true; value: string } | { ok: false; failure: RecordFailure };

const invalid = (field: string, code: string, message: string): ToWireResult => ({
  ok: false,
  failure: { class: "permanent", code, message: `${field}: ${message}`, fields: [field] },
});

export interface CurrencyConverter {
  /** Converts an amount in the program currency to the portal's company currency. */
  toCompany(amount: Dec): Dec;
}

/**
 * Neutral value → wire string for one property, or a permanent failure when HubSpot would
 * reject it. `null` clears the property (HubSpot takes an empty string).
 */
export function toWire(
  field: string,
  value: FieldValue,
  prop: WireProperty | undefined,
  fx: CurrencyConverter,
): ToWireResult {
  if (!prop) {
    return {
      ok: false,
      failure: {
        class: "config",
        code: "PROPERTY_DOESNT_EXIST",
        message: `${field}: no such property`,
        fields: [field],
      },
    };
  }
  if (prop.modificationMetadata?.readOnlyValue === true || prop.calculated === true) {
    return {
      ok: false,
      failure: { class: "config", code: "READ_ONLY_VALUE", message: `${field}: read-only`, fields: [field] },
    };
  }
  if (value === null) return { ok: true, value: "" };
  const type = neutralType(prop);
  switch (type) {
    case "number":
    case "currency":
    case "percent": {
      const s = typeof value === "string" ? value.trim() : "";
      if (!/^-?\d+(\.\d+)?$/.test(s))
        return invalid(field, "INVALID_INTEGER", `"${String(value)}" is not a number`);
      return { ok: true, value: type === "currency" ? fx.toCompany(new Dec(s)).toFixed() : s };
    }
    case "boolean": {
      if (value === true || value === "true") return { ok: true, value: "true" };
      if (value === false || value === "false") return { ok: true, value: "false" };
      return invalid(field, "INVALID_BOOLEAN", `"${String(value)}" is not a boolean`);
    }
    case "date": {
      // Date properties take midnight UTC as epoch ms.
      const s = String(value);
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
      if (!m || Number.isNaN(ms) || isoDay(ms) !== s)
        return invalid(field, "INVALID_DATE", `"${s}" is not YYYY-MM-DD`);
      return { ok: true, value: String(ms) };
    }
    case "datetime": {
      const ms = typeof value === "string" ? toEpochMs(value) : undefined;
      if (ms === undefined)
        return invalid(field, "INVALID_DATETIME", `"${String(value)}" is not an ISO date-time`);
      return { ok: true, value: String(ms) };
    }
    case "picklist":
    case "multipicklist": {
      const s = String(value);
      const options = new Set((prop.options ?? []).map((o) => o.value));
      if (prop.externalOptions) return { ok: true, value: s };
      const parts = type === "multipicklist" ? s.split(";").filter((x) => x !== "") : [s];
      const bad = parts.filter((x) => !options.has(x));
      if (bad.length > 0)
        return invalid(field, "INVALID_OPTION", `"${bad.join(";")}" is not one of the allowed options`);
      return { ok: true, value: s };
    }
    default:
      return { ok: true, value: typeof value === "boolean" ? String(value) : value };
  }
}
