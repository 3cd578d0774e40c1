import { describe, expect, it } from "vitest";
import { parseSfError } from "../../../connectors/salesforce/bulk-ingest.ts";
import { mapFieldType } from "../../../connectors/salesforce/describe.ts";
import { classifySalesforceError, errorCodeOf } from "../../../connectors/salesforce/errors.ts";
import { exactJsonBody } from "../../../connectors/salesforce/exact-json.ts";
import { retryAfterMs } from "../../../connectors/salesforce/http-observer.ts";
import { fromWire, isoUtc } from "../../../connectors/salesforce/values.ts";
import type { FieldDescription } from "../../../connectors/types.ts";

const currency: FieldDescription = {
  name: "A",
  label: "A",
  type: "currency",
  updateable: true,
  createable: true,
  nillable: true,
  scale: 2,
};

describe("value mapping", () => {
  it("turns JSON numbers into decimal strings at the described scale", () => {
    expect(fromWire(1234.5, currency)).toBe("1234.50");
    expect(fromWire(0.1, currency)).toBe("0.10");
    expect(fromWire(1e21, currency)).toBe("1000000000000000000000.00");
    expect(fromWire(123456789012.35, currency)).toBe("123456789012.35");
    expect(fromWire(42, undefined)).toBe("42");
  });

  it("reads Bulk CSV text the same way as REST JSON", () => {
    expect(fromWire("1234.5", currency, true)).toBe("1234.50");
    expect(fromWire("", currency, true)).toBeNull();
    expect(fromWire("true", { ...currency, type: "boolean" }, true)).toBe(true);
    expect(fromWire("2026-04-01T10:00:00.000+0000", { ...currency, type: "datetime" }, true)).toBe(
      "2026-04-01T10:00:00.000Z",
    );
  });

  it("normalises Salesforce date-times to ISO UTC", () => {
    expect(isoUtc("2026-04-01T12:00:00.000+0200")).toBe("2026-04-01T10:00:00.000Z");
  });
});

describe("error handling helpers", () => {
  it("classifies Salesforce codes", () => {
    expect(classifySalesforceError("UNABLE_TO_LOCK_ROW")).toBe("retryable");
    expect(classifySalesforceError("ERROR_HTTP_502")).toBe("retryable");
    expect(classifySalesforceError("SOMETHING", 503)).toBe("retryable");
    expect(classifySalesforceError("INVALID_FIELD")).toBe("config");
    expect(classifySalesforceError("INSUFFICIENT_ACCESS_OR_READONLY")).toBe("config");
    expect(classifySalesforceError("FIELD_CUSTOM_VALIDATION_EXCEPTION")).toBe("permanent");
    expect(classifySalesforceError("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")).toBe("permanent");
    expect(
      classifySalesforceError(errorCodeOf(new Error("Unable to refresh session due to: invalid_grant"))),
    ).toBe("config");
    expect(classifySalesforceError(errorCodeOf(new TypeError("fetch failed")))).toBe("retryable");
  });

  it("parses Bulk sf__Error cells", () => {
    expect(parseSfError("UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--")).toEqual({
      code: "UNABLE_TO_LOCK_ROW",
      message: "unable to obtain exclusive access to this record",
      fields: [],
    });
    expect(parseSfError("FIELD_CUSTOM_VALIDATION_EXCEPTION:Too high:Amount__c")).toMatchObject({
      fields: ["Amount__c"],
    });
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs({ "retry-after": "7" }, 0)).toBe(7000);
    expect(retryAfterMs({ "retry-after": new Date(10_000).toUTCString() }, 4000)).toBe(6000);
    expect(retryAfterMs({}, 0)).toBeUndefined();
  });

  it("maps REST field types to neutral ones", () => {
    expect(mapFieldType("double")).toBe("number");
    expect(mapFieldType("email")).toBe("string");
    expect(mapFieldType("address")).toBe("other");
  });
});

describe("exactJsonBody (issue #20, point 4)", () => {
  it("turns numbers a double cannot hold into strings of their digits, and leaves the rest", () => {
    const body = '{"totalSize":2,"records":[{"Amount":1234567890123456.78,"N":0.1,"Big":9007199254740993}]}';
    expect(JSON.parse(exactJsonBody(body))).toEqual({
      totalSize: 2,
      records: [{ Amount: "1234567890123456.78", N: 0.1, Big: "9007199254740993" }],
    });
  });

  it("returns ordinary bodies untouched (no second parse)", () => {
    const body = '{"Amount":12345.67,"Name":"12345678901234567890 in text"}';
    expect(exactJsonBody(body)).toBe(body);
  });
});
