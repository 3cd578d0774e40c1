import { describe, expect, it } from "vitest";
import { CANONICAL_FIELDS } from "../../../src/sync/mapping/canonical.ts";
import {
  normalizeDomain,
  normalizeSalesforceId,
  parseBoolean,
  parseDate,
  parseDatetime,
  parseDecimal,
  parseInteger,
  toCanonical,
  toCrm,
} from "../../../src/sync/mapping/transforms.ts";

const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : "ERR");

describe("value parsers", () => {
  it.each([
    ["120000.00", "120000"],
    ["-0.50", "-0.5"],
    [" 42 ", "42"],
    [".5", "0.5"],
    ["1e3", "1000"],
    // An exponent is accepted (some exports write 1.2E+7), but not one no amount could need.
    ["1.2E+7", "12000000"],
    ["1e999", "ERR"],
    // More digits than a float can hold survive intact.
    ["12345678901234567890.123456789", "12345678901234567890.123456789"],
    ["12,5abc", "ERR"],
    ["12,50", "ERR"],
    ["0x1F", "ERR"],
    ["NaN", "ERR"],
    ["Infinity", "ERR"],
    ["", "ERR"],
    [true, "ERR"],
  ] as const)("decimal %j → %j", (input, expected) => {
    expect(value(parseDecimal(input))).toBe(expected);
  });

  it.each([
    ["3", 3],
    ["3.00", 3],
    ["-1", -1],
    ["2.5", "ERR"],
    ["3 certs", "ERR"],
    ["99999999999999999999", "ERR"],
  ] as const)("integer %j → %j", (input, expected) => {
    expect(value(parseInteger(input))).toBe(expected);
  });

  it.each([
    [true, true],
    ["TRUE", true],
    ["yes", true],
    ["0", false],
    ["false", false],
    ["maybe", "ERR"],
  ] as const)("boolean %j → %j", (input, expected) => {
    expect(value(parseBoolean(input))).toBe(expected);
  });

  it.each([
    ["2026-02-14", "2026-02-14"],
    ["2024-02-29", "2024-02-29"],
    ["2026-02-29", "ERR"],
    ["2026-13-01", "ERR"],
    ["14/02/2026", "ERR"],
    ["2026-02-14T23:30:00.000Z", "2026-02-14"],
    // A date-time is taken in UTC.
    ["2026-02-15T01:00:00+02:00", "2026-02-14"],
  ] as const)("date %j → %j", (input, expected) => {
    expect(value(parseDate(input))).toBe(expected);
  });

  it.each([
    ["2026-03-31T12:00:00+02:00", "2026-03-31T10:00:00.000Z"],
    ["2026-03-31T10:00Z", "2026-03-31T10:00:00.000Z"],
    ["2026-03-31T10:00:00", "ERR"],
    ["2026-02-30T10:00:00Z", "ERR"],
    ["yesterday", "ERR"],
  ] as const)("datetime %j → %j", (input, expected) => {
    expect(value(parseDatetime(input))).toBe(expected);
  });

  it.each([
    ["https://www.Acme.com/partners?x=1", "acme.com"],
    ["http://user@shop.acme.co.uk:8080/", "shop.acme.co.uk"],
    ["acme.com.", "acme.com"],
    ["WWW.EMBER.IO", "ember.io"],
    ["n/a", "ERR"],
    ["localhost", "ERR"],
  ] as const)("domain %j → %j", (input, expected) => {
    expect(value(normalizeDomain(input))).toBe(expected);
  });

  it.each([
    ["001000000000001", "001000000000001AAA"],
    // The example Salesforce documents for the 15→18 conversion.
    ["001A0000006Vm9r", "001A0000006Vm9rIAC"],
    ["0015000000AbCdE", "0015000000AbCdEAAV"],
    ["006000000000001aaa", "006000000000001AAA"],
    ["not-an-id", "ERR"],
  ] as const)("salesforce id %j → %j", (input, expected) => {
    expect(value(normalizeSalesforceId(input))).toBe(expected);
  });
});

describe("toCanonical / toCrm", () => {
  const kind = CANONICAL_FIELDS.deal.kind!;
  const field = {
    crm_field: "Type",
    direction: "both" as const,
    conflict: "latest" as const,
    transform: {
      map: { "New Business": "new", "Brand New": "new", Renewal: "renewal" },
      default: "expansion",
    },
  };

  it("maps listed values, sends the rest and blanks to the map default", () => {
    expect(value(toCanonical(kind, field, "Brand New"))).toBe("new");
    expect(value(toCanonical(kind, field, "Something else"))).toBe("expansion");
    expect(value(toCanonical(kind, field, null))).toBe("expansion");
    expect(value(toCanonical(kind, field, "  "))).toBe("expansion");
  });

  it("prefers the field default for blanks, and fails on unmapped values without a map default", () => {
    const noDefault = { ...field, default: "renewal", transform: { map: { "New Business": "new" } } };
    expect(value(toCanonical(kind, noDefault, null))).toBe("renewal");
    const result = toCanonical(kind, noDefault, "Upsell");
    expect(result).toMatchObject({ ok: false, code: "unmapped_value" });
  });

  it("uses a map backwards for outbound: the first CRM value listed, else the value as-is", () => {
    expect(value(toCrm(kind, field, "new"))).toBe("New Business");
    expect(value(toCrm(kind, field, "expansion"))).toBe("expansion");
    expect(toCrm(kind, field, "upsell")).toMatchObject({ ok: false, code: "bad_enum" });
  });

  it("upper-cases currency codes and refuses anything else", () => {
    const currency = CANONICAL_FIELDS.deal.currency!;
    const f = { crm_field: "CurrencyIsoCode", direction: "inbound" as const, default: "USD" };
    expect(value(toCanonical(currency, f, "eur"))).toBe("EUR");
    expect(value(toCanonical(currency, f, null))).toBe("USD");
    expect(toCanonical(currency, f, "Euro")).toMatchObject({ ok: false, code: "bad_currency_code" });
  });

  it("turns a numeric YAML default into a decimal string, never a float", () => {
    const amount = CANONICAL_FIELDS.deal.amount!;
    expect(
      value(toCanonical(amount, { crm_field: "Amount", direction: "inbound", default: 0.1 }, null)),
    ).toBe("0.1");
  });

  it("maps a Yes/No picklist to a boolean and back", () => {
    const spec = CANONICAL_FIELDS.partner.compliance_ok!;
    const f = {
      crm_field: "Compliance__c",
      direction: "inbound" as const,
      transform: { map: { Yes: true, No: false } },
    };
    expect(value(toCanonical(spec, f, "Yes"))).toBe(true);
    expect(value(toCrm(spec, f, false))).toBe("No");
  });
});
