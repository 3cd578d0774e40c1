import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CrmRecord, ReadPage } from "../../../connectors/types.ts";
import { BASE, DEAL_PROPERTIES, makeConnector } from "./helpers.ts";

const JSON_HEADERS = { "Content-Type": "application/json" };
const deal = (id: string, props: Record<string, string | null>, extra: Record<string, unknown> = {}) => ({
  id,
  properties: { hs_object_id: id, ...props },
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-05-01T00:00:00.000Z",
  archived: false,
  ...extra,
});
const PROPS = {
  results: [
    ...DEAL_PROPERTIES.results,
    { name: "hs_salesforceopportunityid", label: "SF id", type: "string", fieldType: "text" },
    { name: "hs_updated_by_user_id", label: "by", type: "number", fieldType: "number" },
  ],
};

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterEach(() => nock.cleanAll());

async function all(it: AsyncIterable<ReadPage>) {
  const pages: ReadPage[] = [];
  for await (const p of it) pages.push(p);
  return { pages, records: pages.flatMap((p) => p.records) as CrmRecord[] };
}

describe("HubSpot read mapping", () => {
  it("full read: list pages, neutral values, mirror, merges, partner-labelled associations, tombstones", async () => {
    nock(BASE).get("/crm/v3/properties/deals").reply(200, PROPS, JSON_HEADERS);
    // Inline associations as HubSpot lists them: the unlabelled default on every link, the
    // user-defined label by its internal name.
    const inline = {
      companies: {
        results: [
          { id: "500", type: "deal_to_company_unlabeled" },
          { id: "600", type: "deal_to_company_unlabeled" },
          { id: "600", type: "partner" },
        ],
      },
    };
    nock(BASE)
      .get("/crm/v3/objects/deals")
      .query((q) => q.archived === "false" && q.after === undefined && q.associations === "companies")
      .reply(
        200,
        {
          results: [
            deal(
              "11",
              {
                dealname: "Big",
                amount: "1200.50",
                is_partner_deal: "true",
                payout_date: "2026-03-31",
                closedate: "1774915200000",
                hs_lastmodifieddate: "2026-05-01T10:00:00.000Z",
                hs_salesforceopportunityid: "006000000000001AAA",
                hs_merged_object_ids: "7;8",
                hs_updated_by_user_id: "42",
              },
              { associations: inline },
            ),
          ],
          paging: { next: { after: "11" } },
        },
        JSON_HEADERS,
      )
      .get("/crm/v3/objects/deals")
      .query((q) => q.archived === "false" && q.after === "11" && q.associations === "companies")
      .reply(
        200,
        {
          results: [
            deal("12", { dealname: "Small", amount: "", is_partner_deal: "false" }, { associations: inline }),
          ],
        },
        JSON_HEADERS,
      )
      .get("/crm/v3/objects/deals")
      .query((q) => q.archived === "true" && q.associations === undefined)
      .reply(
        200,
        { results: [deal("9", {}, { archived: true, archivedAt: "2026-04-01T00:00:00.000Z" })] },
        JSON_HEADERS,
      );
    nock(BASE)
      .post("/crm/v4/associations/deals/companies/batch/read")
      .times(2)
      .reply(async (req: Request) => {
        const body = (await req.json()) as { inputs: Array<{ id: string }> };
        return [
          200,
          {
            status: "COMPLETE",
            startedAt: "2026-06-01T00:00:00.000Z",
            completedAt: "2026-06-01T00:00:00.000Z",
            results: body.inputs.map(({ id }) => ({
              from: { id },
              to: [
                {
                  toObjectId: 500,
                  associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 341, label: null }],
                },
                {
                  toObjectId: 600,
                  associationTypes: [
                    { category: "HUBSPOT_DEFINED", typeId: 341, label: null },
                    { category: "USER_DEFINED", typeId: 7, label: "Partner" },
                  ],
                },
              ],
            })),
          },
          JSON_HEADERS,
        ];
      });
    const { connector } = makeConnector();
    const { records, pages } = await all(
      connector.read({
        object: "deals",
        fields: ["dealname", "amount", "is_partner_deal", "payout_date", "closedate"],
        associations: [{ toObject: "companies", as: "partner" }],
        mode: "full",
        cursor: null,
        includeDeleted: true,
      }),
    );
    expect(records.map((r) => [r.id, r.deleted])).toEqual([
      ["11", false],
      ["12", false],
      ["9", true],
    ]);
    const big = records[0] as CrmRecord;
    expect(big.fields).toEqual({
      dealname: "Big",
      amount: "1200.50",
      is_partner_deal: true,
      payout_date: "2026-03-31",
      closedate: "2026-03-31T00:00:00.000Z",
    });
    expect(big.mirrorOf).toEqual({ crm: "salesforce", id: "006000000000001AAA" });
    expect(big.mergedIds).toEqual(["7", "8"]);
    expect(big.modifiedBy).toBe("42");
    expect(big.modifiedAt).toBe("2026-05-01T10:00:00.000Z");
    expect(big.associations).toEqual({ partner: ["600"] });
    expect(records[1]?.fields).toMatchObject({ amount: null, is_partner_deal: false });
    expect(pages.at(-1)?.cursor).toMatchObject({ phase: "done", mode: "full" });
  });

  it("rejects a cursor that is not its own", async () => {
    nock(BASE).get("/crm/v3/properties/deals").reply(200, PROPS, JSON_HEADERS);
    const { connector } = makeConnector();
    await expect(
      all(connector.read({ object: "deals", fields: [], mode: "incremental", cursor: { some: "thing" } })),
    ).rejects.toMatchObject({ code: "HUBSPOT_CURSOR_INVALID" });
  });

  it("follows association pages (v4 batch read `after`) and keeps only the label", async () => {
    nock(BASE).get("/crm/v3/properties/deals").reply(200, PROPS, JSON_HEADERS);
    const bodies: unknown[] = [];
    const partner = (id: number) => ({
      toObjectId: id,
      associationTypes: [{ category: "USER_DEFINED", typeId: 7, label: "Partner" }],
    });
    nock(BASE)
      .post("/crm/v4/associations/deals/companies/batch/read")
      .times(2)
      .reply(async (req: Request) => {
        const body = (await req.json()) as { inputs: Array<{ id: string; after?: string }> };
        bodies.push(body);
        const first = body.inputs[0]?.after === undefined;
        return [
          200,
          {
            status: "COMPLETE",
            startedAt: "2026-06-01T00:00:00.000Z",
            completedAt: "2026-06-01T00:00:00.000Z",
            results: [
              first
                ? {
                    from: { id: "21" },
                    to: [partner(1), { toObjectId: 2, associationTypes: [] }],
                    paging: { next: { after: "p2" } },
                  }
                : { from: { id: "21" }, to: [partner(3)] },
            ],
          },
          JSON_HEADERS,
        ];
      });
    nock(BASE)
      .post("/crm/v3/objects/deals/batch/read")
      .reply(
        200,
        {
          status: "COMPLETE",
          results: [deal("21", { dealname: "Paged" })],
          startedAt: "2026-06-01T00:00:00.000Z",
          completedAt: "2026-06-01T00:00:00.000Z",
        },
        JSON_HEADERS,
      );
    const { connector } = makeConnector();
    const [rec] = await connector.readByIds(
      "deals",
      ["21"],
      ["dealname"],
      [{ toObject: "companies", label: "Partner", as: "partner" }],
    );
    expect(rec?.associations).toEqual({ partner: ["1", "3"] });
    expect(bodies).toEqual([{ inputs: [{ id: "21" }] }, { inputs: [{ id: "21", after: "p2" }] }]);
  });

  it("full read: inline associations; only a truncated record goes to the v4 batch read", async () => {
    nock(BASE).get("/crm/v3/properties/deals").reply(200, PROPS, JSON_HEADERS);
    const contacts = (ids: string[], after?: string) => ({
      contacts: {
        results: ids.map((id) => ({ id, type: "deal_to_contact" })),
        ...(after ? { paging: { next: { after, link: "x" } } } : {}),
      },
    });
    nock(BASE)
      .get("/crm/v3/objects/deals")
      .query((q) => q.archived === "false" && q.associations === "contacts")
      .reply(
        200,
        {
          results: [
            deal("31", { dealname: "Fits" }, { associations: contacts(["1", "2"]) }),
            deal("32", { dealname: "Truncated" }, { associations: contacts(["3"], "MQ==") }),
            deal("33", { dealname: "None" }),
          ],
        },
        JSON_HEADERS,
      );
    const bodies: unknown[] = [];
    nock(BASE)
      .post("/crm/v4/associations/deals/contacts/batch/read")
      .reply(async (req: Request) => {
        bodies.push(await req.json());
        return [
          200,
          {
            status: "COMPLETE",
            startedAt: "2026-06-01T00:00:00.000Z",
            completedAt: "2026-06-01T00:00:00.000Z",
            results: [
              {
                from: { id: "32" },
                to: ["3", "4", "5"].map((id) => ({
                  toObjectId: Number(id),
                  associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 3, label: null }],
                })),
              },
            ],
          },
          JSON_HEADERS,
        ];
      });
    const { connector } = makeConnector();
    const { records } = await all(
      connector.read({
        object: "deals",
        fields: ["dealname"],
        associations: [{ toObject: "contacts", as: "contacts" }],
        mode: "full",
        cursor: null,
      }),
    );
    expect(records.map((r) => [r.id, r.associations.contacts])).toEqual([
      ["31", ["1", "2"]],
      ["32", ["3", "4", "5"]],
      ["33", []],
    ]);
    // No label is wanted for deal → contact: the names do not matter, only the cap does.
    expect(bodies).toEqual([{ inputs: [{ id: "32" }] }]);
    expect(nock.isDone()).toBe(true);
  });

  it("full read: a custom object's associations are not asked inline but read through v4", async () => {
    nock(BASE).get("/crm/v3/properties/deals").reply(200, PROPS, JSON_HEADERS);
    nock(BASE)
      .get("/crm/v3/objects/deals")
      .query((q) => q.archived === "false" && q.associations === undefined)
      .reply(200, { results: [deal("41", { dealname: "A" }), deal("42", { dealname: "B" })] }, JSON_HEADERS);
    const bodies: unknown[] = [];
    nock(BASE)
      .post("/crm/v4/associations/deals/p_referrals/batch/read")
      .reply(async (req: Request) => {
        bodies.push(await req.json());
        return [
          200,
          {
            status: "COMPLETE",
            startedAt: "2026-06-01T00:00:00.000Z",
            completedAt: "2026-06-01T00:00:00.000Z",
            results: [{ from: { id: "42" }, to: [{ toObjectId: 7, associationTypes: [] }] }],
          },
          JSON_HEADERS,
        ];
      });
    const { connector } = makeConnector();
    const { records } = await all(
      connector.read({
        object: "deals",
        fields: ["dealname"],
        associations: [{ toObject: "p_referrals", as: "referrals" }],
        mode: "full",
        cursor: null,
      }),
    );
    expect(records.map((r) => [r.id, r.associations.referrals])).toEqual([
      ["41", []],
      ["42", ["7"]],
    ]);
    expect(bodies).toEqual([{ inputs: [{ id: "41" }, { id: "42" }] }]);
  });
});
