import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BASE, DEAL_PROPERTIES, makeConnector } from "./helpers.ts";

const JSON_HEADERS = { "Content-Type": "application/json" };
type Input = { id: string; properties: Record<string, string>; idProperty?: string };
const obj = (id: string, properties: Record<string, string>) => ({
  id,
  properties,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-06-01T00:00:00.000Z",
  archived: false,
});
const ok = (inputs: Input[]) => ({
  status: "COMPLETE",
  results: inputs.map((i) => obj(i.id, i.properties)),
  startedAt: "2026-06-01T00:00:00.000Z",
  completedAt: "2026-06-01T00:00:00.000Z",
});

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterEach(() => nock.cleanAll());

describe("HubSpot batch write", () => {
  it("isolates a bad record in a batch rejected whole (400) by splitting in halves", async () => {
    const sizes: number[] = [];
    nock(BASE).get("/crm/v3/properties/deals").reply(200, DEAL_PROPERTIES, JSON_HEADERS);
    nock(BASE)
      .post("/crm/v3/objects/deals/batch/update")
      .times(20)
      .reply(async (req: Request) => {
        const body = await req.json();
        const inputs = (body as { inputs: Input[] }).inputs;
        sizes.push(inputs.length);
        if (inputs.some((i) => i.id === "5")) {
          return [
            400,
            {
              status: "error",
              category: "VALIDATION_ERROR",
              message:
                'Property values were not valid: [{"isValid":false,"message":"bad option","error":"INVALID_OPTION","name":"dealname"}]',
            },
            JSON_HEADERS,
          ];
        }
        return [200, ok(inputs), JSON_HEADERS];
      });
    const { connector } = makeConnector();
    const records = Array.from({ length: 8 }, (_, i) => ({
      key: String(i + 1),
      fields: { dealname: `D${i + 1}` },
    }));
    const r = await connector.write({ object: "deals", operation: "update", records });
    expect(sizes).toEqual([8, 4, 4, 2, 1, 1, 2]);
    // 7 batch calls + the one property-definitions read (cached for later writes).
    expect(r.calls).toBe(8);
    const bad = r.results.filter((x) => !x.ok);
    expect(bad).toEqual([
      {
        key: "5",
        ok: false,
        failure: expect.objectContaining({
          class: "permanent",
          code: "INVALID_OPTION",
          fields: ["dealname"],
        }),
      },
    ]);
    expect(
      r.results
        .filter((x) => x.ok)
        .map((x) => x.key)
        .sort(),
    ).toEqual(["1", "2", "3", "4", "6", "7", "8"]);
  });

  it("handles a 207 per record: transient ones re-sent, invalid ones quarantined", async () => {
    const calls: string[][] = [];
    nock(BASE).get("/crm/v3/properties/deals").reply(200, DEAL_PROPERTIES, JSON_HEADERS);
    nock(BASE)
      .post("/crm/v3/objects/deals/batch/update")
      .times(3)
      .reply(async (req: Request) => {
        const body = await req.json();
        const inputs = (body as { inputs: Input[] }).inputs;
        calls.push(inputs.map((i) => i.id));
        if (calls.length > 1) return [200, ok(inputs), JSON_HEADERS];
        return [
          207,
          {
            ...ok(inputs.filter((i) => i.id === "1")),
            numErrors: 2,
            errors: [
              { status: "error", category: "RATE_LIMITS", message: "try again", context: { ids: ["2"] } },
              {
                status: "error",
                category: "VALIDATION_ERROR",
                message: "Object is locked",
                context: { ids: ["3"], propertyName: ["dealname"] },
              },
            ],
          },
          JSON_HEADERS,
        ];
      });
    const { connector, sleeps } = makeConnector();
    const r = await connector.write({
      object: "deals",
      operation: "update",
      records: ["1", "2", "3"].map((key) => ({ key, fields: { dealname: `D${key}` } })),
    });
    expect(calls).toEqual([["1", "2", "3"], ["2"]]);
    expect(sleeps.length).toBe(1);
    expect(r.results).toEqual(
      expect.arrayContaining([
        { key: "1", ok: true, id: "1", created: false },
        { key: "2", ok: true, id: "2", created: false },
        {
          key: "3",
          ok: false,
          failure: expect.objectContaining({ class: "permanent", fields: ["dealname"] }),
        },
      ]),
    );
  });

  it("pre-validates against the property definitions: bad values never cost a call", async () => {
    let sent: Input[] = [];
    nock(BASE).get("/crm/v3/properties/deals").reply(200, DEAL_PROPERTIES, JSON_HEADERS);
    nock(BASE)
      .post("/crm/v3/objects/deals/batch/update")
      .reply(async (req: Request) => {
        const body = await req.json();
        sent = (body as { inputs: Input[] }).inputs;
        return [200, ok(sent), JSON_HEADERS];
      });
    const { connector } = makeConnector({
      currency: { programCurrency: "EUR", companyCurrency: "USD", rates: { EUR: "1.10" } },
    });
    const r = await connector.write({
      object: "deals",
      operation: "update",
      records: [
        {
          key: "1",
          fields: { incentive_amount: "100.005", payout_date: "2026-03-31", is_partner_deal: true },
        },
        { key: "2", fields: { incentive_status: "bogus" } },
        { key: "3", fields: { incentive_amount: "12,5" } },
        { key: "4", fields: { payout_date: "2026-02-30" } },
        { key: "5", fields: { no_such_prop: "x" } },
        { key: "6", fields: {} },
      ],
    });
    expect(r.calls).toBe(2); // property definitions + one batch: the 4 invalid records cost nothing
    expect(sent).toEqual([
      {
        id: "1",
        properties: {
          incentive_amount: "110.01",
          payout_date: String(Date.UTC(2026, 2, 31)),
          is_partner_deal: "true",
        },
      },
    ]);
    const byKey = Object.fromEntries(r.results.map((x) => [x.key, x]));
    expect(byKey["2"]).toMatchObject({
      ok: false,
      failure: { class: "permanent", code: "INVALID_OPTION", fields: ["incentive_status"] },
    });
    expect(byKey["3"]).toMatchObject({
      ok: false,
      failure: { class: "permanent", fields: ["incentive_amount"] },
    });
    expect(byKey["4"]).toMatchObject({ ok: false, failure: { code: "INVALID_DATE" } });
    expect(byKey["5"]).toMatchObject({
      ok: false,
      failure: { class: "config", code: "PROPERTY_DOESNT_EXIST" },
    });
    expect(byKey["6"]).toEqual({ key: "6", ok: true, id: "6", created: false }); // empty: not sent
  });

  it("upserts by incentive_key and reports created records", async () => {
    nock(BASE).get("/crm/v3/properties/deals").reply(200, DEAL_PROPERTIES, JSON_HEADERS);
    nock(BASE)
      .post("/crm/v3/objects/deals/batch/upsert")
      .reply(async (req: Request) => {
        const body = await req.json();
        const inputs = (body as { inputs: Input[] }).inputs;
        expect(inputs.every((i) => i.idProperty === "incentive_key")).toBe(true);
        return [
          200,
          {
            status: "COMPLETE",
            results: inputs.map((i, n) => ({ ...obj(String(900 + n), i.properties), new: n === 0 })),
            startedAt: "2026-06-01T00:00:00.000Z",
            completedAt: "2026-06-01T00:00:00.000Z",
          },
          JSON_HEADERS,
        ];
      });
    const { connector } = makeConnector();
    const r = await connector.write({
      object: "deals",
      operation: "upsert",
      externalIdField: "incentive_key",
      records: [
        { key: "K-1", fields: { dealname: "a" } },
        { key: "K-2", fields: { dealname: "b" } },
      ],
    });
    expect(r.results).toEqual([
      { key: "K-1", ok: true, id: "900", created: true },
      { key: "K-2", ok: true, id: "901", created: false },
    ]);
  });
});
