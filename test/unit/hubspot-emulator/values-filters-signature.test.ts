import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { numericOf, ObjectStore } from "../../../sandbox/hubspot/object-store.ts";
import { makeDef } from "../../../sandbox/hubspot/properties/defaults.ts";
import { PropertyRegistry } from "../../../sandbox/hubspot/properties/registry.ts";
import { normaliseValue, validateProperties } from "../../../sandbox/hubspot/properties/validate.ts";
import { compileFilter } from "../../../sandbox/hubspot/search/filters.ts";
import { signV3, v3Uri } from "../../../sandbox/hubspot/webhooks.ts";

const num = makeDef("amount", "Amount", "number", "number", "g");
const dt = makeDef("closedate", "Close", "datetime", "date", "g");
const day = makeDef("cancelled_on", "Cancelled", "date", "date", "g");
const multi = makeDef("tags", "Tags", "enumeration", "checkbox", "g", { options: ["a", "b", "c"] });
const flag = makeDef("flag", "Flag", "bool", "booleancheckbox", "g", { options: ["true", "false"] });
const name = makeDef("dealname", "Name", "string", "text", "g");

describe("property values", () => {
  it("normalises each type the way HubSpot stores it", () => {
    expect(normaliseValue(num, 12.5)).toEqual({ value: "12.5" });
    expect(normaliseValue(dt, String(Date.UTC(2026, 0, 2, 3)))).toEqual({
      value: "2026-01-02T03:00:00.000Z",
    });
    expect(normaliseValue(dt, "2026-01-02")).toEqual({ value: "2026-01-02T00:00:00.000Z" });
    expect(normaliseValue(day, "2026-01-02")).toEqual({ value: "2026-01-02" });
    expect(normaliseValue(flag, "TRUE")).toEqual({ value: "true" });
    expect(normaliseValue(multi, "a;c")).toEqual({ value: "a;c" });
    expect(normaliseValue(name, null)).toEqual({ value: "" });
  });

  it("reports HubSpot's error codes", () => {
    expect(normaliseValue(num, "1e")).toMatchObject({ code: "INVALID_DECIMAL" });
    expect(normaliseValue(day, String(Date.UTC(2026, 0, 2, 0, 0, 1)))).toMatchObject({
      code: "INVALID_DATE",
    });
    expect(normaliseValue(dt, "yesterday")).toMatchObject({ code: "INVALID_DATE_TIME" });
    expect(normaliseValue(multi, "a;z")).toMatchObject({ code: "INVALID_OPTION" });
    expect(normaliseValue(flag, "yes")).toMatchObject({ code: "INVALID_BOOLEAN" });
    expect(normaliseValue(name, { nested: true })).toMatchObject({ code: "INVALID_PROPERTY_VALUE" });
  });

  it("rejects unknown and read-only properties unless the back door writes them", () => {
    const registry = new PropertyRegistry();
    const ro = makeDef("hs_object_id", "ID", "number", "number", "g", { readOnly: true });
    for (const d of [name, ro]) registry.defs.set(d.name, d);
    const api = validateProperties(registry, { dealname: "x", nope: "1", hs_object_id: "2" });
    expect(api.problems.map((p) => p.code)).toEqual(["PROPERTY_DOESNT_EXIST", "READ_ONLY_VALUE"]);
    expect(validateProperties(registry, { hs_object_id: "2" }, true).problems).toEqual([]);
    // "constructor" is a legal property name and must not resolve to Object's function.
    expect(validateProperties(registry, { constructor: "x" }).problems[0]?.code).toBe(
      "PROPERTY_DOESNT_EXIST",
    );
  });
});

describe("search filters", () => {
  const registry = new PropertyRegistry();
  for (const d of [num, dt, multi, name]) registry.defs.set(d.name, d);
  const store = new ObjectStore(1);
  const add = (props: Record<string, string>) => {
    const r = store.newRecord(store.issueId(), 0);
    for (const [k, v] of Object.entries(props)) store.setProp(r, k, v, 0, "API");
    return r;
  };
  const a = add({ amount: "99999", dealname: "Renewal: ACME-Cloud 2026", tags: "a;b" });
  const b = add({ amount: "300000", closedate: "2026-03-01T00:00:00.000Z" });
  const c = add({});
  const run = (f: Parameters<typeof compileFilter>[2]) =>
    [a, b, c].filter(compileFilter(registry, store, f)).map((r) => r.id);

  it("compares numbers and datetimes numerically, via columns kept in step with writes", () => {
    expect(run({ propertyName: "amount", operator: "GT", value: "100000" })).toEqual([b.id]);
    expect(run({ propertyName: "closedate", operator: "LT", value: String(Date.UTC(2026, 3, 1)) })).toEqual([
      b.id,
    ]);
    store.setProp(a, "amount", "500000", 1, "API");
    expect(run({ propertyName: "amount", operator: "GT", value: "400000" })).toEqual([a.id]);
    expect(run({ propertyName: "amount", operator: "NEQ", value: "500000" })).toEqual([b.id, c.id]);
    expect(numericOf("2026-01-02")).toBe(Date.UTC(2026, 0, 2));
  });

  it("matches tokens (with * wildcards), multi-checkbox values and case-insensitive strings", () => {
    expect(run({ propertyName: "dealname", operator: "CONTAINS_TOKEN", value: "acme" })).toEqual([a.id]);
    expect(run({ propertyName: "dealname", operator: "CONTAINS_TOKEN", value: "ren*" })).toEqual([a.id]);
    expect(run({ propertyName: "dealname", operator: "NOT_CONTAINS_TOKEN", value: "acme" })).toEqual([
      b.id,
      c.id,
    ]);
    expect(run({ propertyName: "tags", operator: "EQ", value: "b" })).toEqual([a.id]);
    expect(run({ propertyName: "dealname", operator: "EQ", value: "renewal: acme-cloud 2026" })).toEqual([
      a.id,
    ]);
    expect(run({ propertyName: "closedate", operator: "NOT_HAS_PROPERTY" })).toEqual([a.id, c.id]);
    expect(() => run({ propertyName: "nope", operator: "EQ", value: "1" })).toThrow(/does not exist/);
  });
});

describe("webhook v3 signature", () => {
  it("decodes the documented characters of the URI and signs method + uri + body + timestamp", () => {
    expect(v3Uri("https://x.example/a%3Ab%2Fc?d=%40e%20f")).toBe("https://x.example/a:b/c?d=@e%20f");
    const expected = createHmac("sha256", "secret")
      .update('POSThttps://x.example/hook?q=a:b[{"eventId":1}]1700000000000', "utf8")
      .digest("base64");
    expect(
      signV3({
        clientSecret: "secret",
        method: "post",
        uri: "https://x.example/hook?q=a%3Ab",
        body: '[{"eventId":1}]',
        timestamp: 1_700_000_000_000,
      }),
    ).toBe(expected);
  });
});
