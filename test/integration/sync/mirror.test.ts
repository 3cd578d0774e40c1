// Creating a partner one CRM alone holds in the other CRM (the mappings' `create:` opt-in), as
// an upsert on the service's key: both emulators, the real connectors, PGlite. Covers the
// create itself, the echo on the following runs, a retried upsert, a crash between the CRM's
// create and the store's record, dry runs, quarantine without an API call, the follow-up
// update for a field a CRM will not take on create, deletes, and the mapping checks.
import { readFileSync } from "node:fs";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type {
  CrmConnector,
  CrmRecord,
  ObjectDescription,
  ReadRequest,
  WriteRequest,
} from "../../../connectors/types.ts";
import type { Store } from "../../../src/store/index.ts";
import {
  checkMappingAgainstDescribe,
  loadMapping,
  validateMapping,
} from "../../../src/sync/mapping/index.ts";
import { canonicalId, type Entry } from "../../../src/sync/model.ts";
import { createSyncRuntime, type SyncRuntime } from "../../../src/sync/runtime.ts";
import { counted, type Harness, startHarness, writesOf } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("pglite");
});
afterAll(async () => {
  await h?.close();
});

const SF_ONLY = { name: "Solo Salesforce Partner", domain: "solo-sf.example" };
const HS_ONLY = { name: "Solo HubSpot Partner", domain: "solo-hs.example" };
const sfOnlyId = canonicalId("partner", SF_ONLY.domain);
const hsOnlyId = canonicalId("partner", HS_ONLY.domain);

function addSalesforcePartner(name: string, domain: string, type = "Integrator"): string {
  return h.sandbox.salesforce.org.insert("Account", {
    Name: name,
    Website: `https://www.${domain}/partners`,
    IsPartner: true,
    Partner_Type__c: type,
    Certifications__c: 2,
    Agreement_Signed__c: true,
    Compliance_OK__c: true,
  }).Id;
}

function addHubSpotPartner(name: string, domain: string): string {
  return h.sandbox.hubspot.portal.create("companies", {
    name,
    domain,
    partner_type: "agency",
    certifications: "1",
    agreement_signed: "true",
    compliance_ok: "false",
  }).id;
}

async function partner(id: string): Promise<Entry> {
  const p = await h.store.partners.get(id);
  if (!p) throw new Error(`partner ${id} not stored`);
  return {
    id: p.id,
    entity: "partner",
    data: p.data as Entry["data"],
    raw: p.raw as Entry["raw"],
    deleted: p.deleted,
  };
}

function accountsWithKey(key: string): Array<Record<string, unknown>> {
  return h.sandbox.salesforce.org.query(
    `SELECT Id, Name, Website, IsPartner, Partner_Type__c, Certifications__c, Partner_Tier__c FROM Account WHERE Incentive_Key__c = '${key}'`,
  ).records;
}

/** Every HubSpot company holding `key`, read through the connector (archived ones excluded). */
async function companiesWithKey(key: string): Promise<CrmRecord[]> {
  const out: CrmRecord[] = [];
  for await (const page of h.sandbox.connectors().hubspot.read({
    object: "companies",
    fields: ["incentive_key", "name", "domain", "partner_type", "certifications", "partner_tier"],
    mode: "full",
    cursor: null,
    includeDeleted: false,
  })) {
    out.push(...page.records.filter((r) => r.fields.incentive_key === key));
  }
  return out;
}

/** A connector whose methods are overridden one by one (the rest reach the real connector). */
function overriding<C extends CrmConnector>(connector: C, overrides: Partial<CrmConnector>): C {
  return new Proxy(connector, {
    get(target, prop, receiver) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof CrmConnector];
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function runtimeWith(
  connectors: Parameters<typeof createSyncRuntime>[0]["connectors"],
  store: Store = h.store,
): Promise<SyncRuntime> {
  const sf = await loadMapping("mappings/salesforce.yaml", "salesforce");
  const hs = await loadMapping("mappings/hubspot.yaml", "hubspot");
  if (!sf.ok || !hs.ok) throw new Error("shipped mappings invalid");
  return createSyncRuntime({
    store,
    connectors,
    mappings: { salesforce: sf.mapping, hubspot: hs.mapping },
    fx: h.sandbox.fx,
    clock: () => new Date(h.now()),
    logger: pino({ level: "silent" }),
  });
}

describe("creating a partner in the CRM that does not hold it", () => {
  it("a dry run plans the creates and writes nothing", async () => {
    addSalesforcePartner(SF_ONLY.name, SF_ONLY.domain);
    addHubSpotPartner(HS_ONLY.name, HS_ONLY.domain);
    const accounts = h.sandbox.salesforce.org.count("Account");
    const companies = h.sandbox.hubspot.portal.count("companies");
    const { report, calls } = await counted(h, () => h.runtime.reconcile({ dryRun: true }));
    expect(report.outcome).toBe("ok");
    const creates = report.planned.filter((p) => p.action === "create");
    expect(creates.map((p) => [p.crm, p.object, p.id]).sort()).toEqual(
      [
        ["hubspot", "companies", sfOnlyId],
        ["salesforce", "Account", hsOnlyId],
      ].sort(),
    );
    const toHubSpot = creates.find((p) => p.crm === "hubspot")!;
    expect(toHubSpot.fields.domain).toEqual([null, SF_ONLY.domain]);
    expect(toHubSpot.fields.partner_type).toEqual([null, "integrator"]);
    expect(toHubSpot.fields.incentive_key).toEqual([null, sfOnlyId]);
    expect(creates.find((p) => p.crm === "salesforce")!.fields.IsPartner).toEqual([null, true]);
    expect(writesOf(calls)).toBe(0);
    expect(report.counts["created.hubspot"]).toBeUndefined();
    expect(h.sandbox.salesforce.org.count("Account")).toBe(accounts);
    expect(h.sandbox.hubspot.portal.count("companies")).toBe(companies);
    expect(await h.store.partners.get(sfOnlyId)).toBeNull();
  });

  it("creates the Salesforce-only partner in HubSpot and the HubSpot-only one in Salesforce, keyed and linked", async () => {
    const companies = h.sandbox.hubspot.portal.count("companies");
    const { report } = await counted(h, () => h.runtime.reconcile());
    expect(report.outcome).toBe("ok");
    expect(report.counts["created.hubspot"]).toBe(1);
    expect(report.counts["created.salesforce"]).toBe(1);
    expect(h.sandbox.hubspot.portal.count("companies")).toBe(companies + 1);

    const [company, ...moreCompanies] = await companiesWithKey(sfOnlyId);
    expect(moreCompanies).toEqual([]);
    expect(company!.fields).toMatchObject({
      name: SF_ONLY.name,
      domain: SF_ONLY.domain,
      partner_type: "integrator",
      certifications: "2",
    });
    // Created complete: the computed fields ride along, so nothing is left to write later.
    expect(company!.fields.partner_tier).toMatch(/Registered|Silver|Gold/);

    const [account, ...moreAccounts] = accountsWithKey(hsOnlyId);
    expect(moreAccounts).toEqual([]);
    expect(account).toMatchObject({
      Name: HS_ONLY.name,
      Website: HS_ONLY.domain,
      IsPartner: true,
      Partner_Type__c: "Agency",
    });

    // One canonical partner per domain, with both sides, and the crm_links rows.
    const sfPartner = await partner(sfOnlyId);
    expect(sfPartner.raw.sides.hubspot?.id).toBe(company!.id);
    expect(sfPartner.raw.sides.salesforce).toBeDefined();
    expect(await h.store.crmLinks.canonicalFor("hubspot", "companies", company!.id)).toBe(sfOnlyId);
    const hsPartner = await partner(hsOnlyId);
    expect(hsPartner.raw.sides.salesforce?.id).toBe(account!.Id);
    expect(await h.store.crmLinks.canonicalFor("salesforce", "Account", String(account!.Id))).toBe(hsOnlyId);
    // The original records carry the same key.
    const original = hsPartner.raw.sides.hubspot!.id;
    expect(h.sandbox.hubspot.portal.get("companies", original)!.properties.incentive_key).toBe(hsOnlyId);
  });

  it("the runs right after read the created records back as echoes and write nothing", async () => {
    for (const run of [() => h.runtime.sync(), () => h.runtime.reconcile(), () => h.runtime.sync()]) {
      const { report, calls } = await counted(h, run);
      expect(report.outcome).toBe("ok");
      const writes = Object.entries(report.counts).filter(
        ([k, v]) => (k.startsWith("written.") || k.startsWith("created.")) && v > 0,
      );
      expect(writes).toEqual([]);
      expect(report.conflicts).toEqual([]);
      expect(writesOf(calls)).toBe(0);
    }
    expect((await partner(sfOnlyId)).data).toMatchObject({ name: SF_ONLY.name, type: "integrator" });
  });

  it("a retried upsert on the key updates the one record instead of creating another", async () => {
    const { hubspot, salesforce } = h.sandbox.connectors();
    const companyId = (await companiesWithKey(sfOnlyId))[0]!.id;
    const companies = h.sandbox.hubspot.portal.count("companies");
    for (let i = 0; i < 2; i++) {
      const r = await hubspot.write({
        object: "companies",
        operation: "upsert",
        externalIdField: "incentive_key",
        records: [{ key: sfOnlyId, fields: { name: SF_ONLY.name, partner_type: "integrator" } }],
      });
      expect(r.results).toEqual([{ key: sfOnlyId, ok: true, id: companyId, created: false }]);
    }
    expect(h.sandbox.hubspot.portal.count("companies")).toBe(companies);
    expect(await companiesWithKey(sfOnlyId)).toHaveLength(1);

    const accountId = String(accountsWithKey(hsOnlyId)[0]!.Id);
    for (let i = 0; i < 2; i++) {
      const r = await salesforce.write({
        object: "Account",
        operation: "upsert",
        externalIdField: "Incentive_Key__c",
        records: [{ key: hsOnlyId, fields: { Name: HS_ONLY.name, IsPartner: true } }],
      });
      expect(r.results).toEqual([{ key: hsOnlyId, ok: true, id: accountId, created: false }]);
    }
    expect(accountsWithKey(hsOnlyId)).toHaveLength(1);
  });

  it("a run that dies between the CRM's create and the store's record leaves no duplicate", async () => {
    const linked = { domain: "crash-linked.example", id: canonicalId("partner", "crash-linked.example") };
    const blind = { domain: "crash-blind.example", id: canonicalId("partner", "crash-blind.example") };
    addSalesforcePartner("Crash Linked", linked.domain);
    addSalesforcePartner("Crash Blind", blind.domain);
    const companies = h.sandbox.hubspot.portal.count("companies");

    // The store refuses the HubSpot links of these partners: the create's transaction rolls
    // back after HubSpot created the records, as if the process had died right there.
    const dying = new Proxy(h.store, {
      get(target, prop, receiver) {
        if (prop !== "transaction") return Reflect.get(target, prop, receiver);
        return <T>(fn: (tx: Store) => Promise<T>) =>
          target.transaction((tx) =>
            fn(
              new Proxy(tx, {
                get(t, p, r) {
                  if (p !== "crmLinks") return Reflect.get(t, p, r);
                  return {
                    ...t.crmLinks,
                    link: async (l: Parameters<Store["crmLinks"]["link"]>[0]) => {
                      if (l.crm === "hubspot" && [linked.id, blind.id].includes(l.canonicalId)) {
                        throw new Error("simulated crash after the CRM create");
                      }
                      return t.crmLinks.link(l);
                    },
                  };
                },
              }),
            ),
          );
      },
    });
    const crashing = await runtimeWith(h.sandbox.connectors(), dying);
    const crashed = await crashing.reconcile();
    expect(crashed.outcome).toBe("failed");
    expect(crashed.message).toMatch(/simulated crash/);
    expect(h.sandbox.hubspot.portal.count("companies")).toBe(companies + 2);
    const blindCompany = (await companiesWithKey(blind.id))[0]!;
    const linkedCompany = (await companiesWithKey(linked.id))[0]!;
    expect((await partner(linked.id)).raw.sides.hubspot).toBeUndefined();
    expect((await partner(blind.id)).raw.sides.hubspot).toBeUndefined();

    // Next run: one record is read back and linked by the key on it; the other is hidden from
    // the read, so the create is sent again — and the upsert on the key updates that record.
    const { hubspot, salesforce } = h.sandbox.connectors();
    const hiding = overriding(hubspot, {
      read: (req: ReadRequest) =>
        (async function* () {
          for await (const page of hubspot.read(req)) {
            yield { ...page, records: page.records.filter((r) => r.id !== blindCompany.id) };
          }
        })(),
    });
    const next = await (await runtimeWith({ salesforce, hubspot: hiding })).reconcile();
    expect(next.outcome).toBe("ok");
    expect(next.counts["created.hubspot"]).toBeUndefined();
    expect(next.counts["adopted.hubspot"]).toBe(1);
    expect(h.sandbox.hubspot.portal.count("companies")).toBe(companies + 2);
    expect(await companiesWithKey(linked.id)).toHaveLength(1);
    expect(await companiesWithKey(blind.id)).toHaveLength(1);
    expect((await partner(linked.id)).raw.sides.hubspot?.id).toBe(linkedCompany.id);
    expect((await partner(blind.id)).raw.sides.hubspot?.id).toBe(blindCompany.id);

    const after = await counted(h, () => h.runtime.reconcile());
    expect(after.report.outcome).toBe("ok");
    expect(writesOf(after.calls)).toBe(0);
  });

  it("a record the other CRM would refuse is quarantined without an API call, and created once fixed", async () => {
    const domain = "long-name.example";
    const id = canonicalId("partner", domain);
    const companyId = addHubSpotPartner("L".repeat(300), domain);
    const { salesforce, hubspot } = h.sandbox.connectors();
    const requests: WriteRequest[] = [];
    const recording = overriding(salesforce, {
      write: (req: WriteRequest) => {
        requests.push(req);
        return salesforce.write(req);
      },
    });
    const report = await (await runtimeWith({ salesforce: recording, hubspot })).sync();
    expect(report.outcome).toBe("partial");
    expect(report.counts["created.salesforce"]).toBeUndefined();
    expect(report.counts["quarantined.outbound"]).toBe(1);
    expect(requests.filter((r) => r.object === "Account" && r.operation === "upsert")).toEqual([]);
    expect(accountsWithKey(id)).toEqual([]);
    const open = (await h.store.recordErrors.list({ status: "open" })).filter((e) => e.recordId === id);
    expect(open.map((e) => [e.crm, e.object, e.field, e.code, e.class])).toEqual([
      ["salesforce", "Account", "Name", "outbound.create.check.too_long", "permanent"],
    ]);

    h.sandbox.hubspot.portal.update("companies", companyId, { name: "Long Name Partners" });
    const fixed = await counted(h, () => h.runtime.sync());
    expect(fixed.report.outcome).toBe("ok");
    expect(fixed.report.counts["created.salesforce"]).toBe(1);
    expect(accountsWithKey(id)).toHaveLength(1);
    expect((await h.store.recordErrors.get(open[0]!.id))!.status).toBe("resolved");
  });

  it("a scope field Salesforce will not take on create is set right after, by id", async () => {
    const domain = "update-only.example";
    const id = canonicalId("partner", domain);
    addHubSpotPartner("Update Only Partners", domain);
    const { salesforce, hubspot } = h.sandbox.connectors();
    const requests: WriteRequest[] = [];
    const strict = overriding(salesforce, {
      describe: async (object: string): Promise<ObjectDescription> => {
        const d = await salesforce.describe(object);
        if (object !== "Account") return d;
        return {
          ...d,
          fields: d.fields.map((f) => (f.name === "IsPartner" ? { ...f, createable: false } : f)),
        };
      },
      write: (req: WriteRequest) => {
        requests.push(req);
        return salesforce.write(req);
      },
    });
    const report = await (await runtimeWith({ salesforce: strict, hubspot })).sync();
    expect(report.outcome).toBe("ok");
    expect(report.counts["created.salesforce"]).toBe(1);
    const [account] = accountsWithKey(id);
    expect(account!.IsPartner).toBe(true);
    const upsert = requests.find((r) => r.operation === "upsert" && r.object === "Account")!;
    expect(upsert.records.map((r) => [r.key, "IsPartner" in r.fields])).toEqual([[id, false]]);
    const update = requests.find(
      (r) => r.operation === "update" && r.records.some((x) => x.key === account!.Id),
    )!;
    expect(update.records).toEqual([{ key: account!.Id, fields: { IsPartner: true } }]);

    const after = await counted(h, () => h.runtime.sync());
    expect(writesOf(after.calls)).toBe(0);
  });

  it("a mirror a person deletes is not created again", async () => {
    const companyId = (await companiesWithKey(sfOnlyId))[0]!.id;
    h.sandbox.hubspot.portal.archive("companies", companyId);
    const { report, calls } = await counted(h, () => h.runtime.sync());
    expect(report.outcome).toBe("ok");
    expect(report.counts["created.hubspot"]).toBeUndefined();
    expect(report.counts["skipped.mirror_removed"]).toBe(1);
    expect(writesOf(calls)).toBe(0);
    expect(await companiesWithKey(sfOnlyId)).toEqual([]);
    expect((await partner(sfOnlyId)).raw.sides.hubspot).toBeUndefined();
  });
});

describe("a same-domain record the other CRM holds but could not map", () => {
  it("is not duplicated: the create waits in quarantine, and the fixed record is linked instead", async () => {
    const domain = "twin-held.example";
    addSalesforcePartner("Twin Held", domain);
    const companyId = h.sandbox.hubspot.portal.create("companies", {
      name: "",
      domain,
      partner_type: "agency",
    }).id;
    const id = canonicalId("partner", domain);
    const first = await h.runtime.sync();
    expect(first.counts["created.hubspot"]).toBeUndefined();
    expect(first.counts["skipped.mirror_twin_quarantined"]).toBe(1);
    const open = await h.runtime.quarantine.list({ status: "open" });
    expect(open.find((e) => e.recordId === id)).toMatchObject({
      crm: "hubspot",
      code: "outbound.create.check.twin_quarantined",
    });
    expect(await companiesWithKey(id)).toEqual([]);

    h.sandbox.hubspot.portal.update("companies", companyId, { name: "Twin Held" });
    await h.runtime.sync();
    expect((await partner(id)).raw.sides.hubspot?.id).toBe(companyId);
    expect((await companiesWithKey(id)).map((c) => c.id)).toEqual([companyId]);
    const after = await h.runtime.quarantine.list({ status: "open" });
    expect(after.some((e) => e.recordId === id)).toBe(false);
  });
});

describe("an upsert that lands on a record linked to another partner", () => {
  it("gives the partner no side, and quarantines the create with both records named", async () => {
    const other = (await h.store.partners.list()).find((p) => {
      const raw = p.raw as Entry["raw"];
      return raw.sides.salesforce && raw.sides.hubspot && !raw.createdIn;
    })!;
    const otherCompany = (other.raw as Entry["raw"]).sides.hubspot!.id;
    const domain = "key-clash.example";
    addSalesforcePartner("Key Clash", domain);
    const id = canonicalId("partner", domain);
    const { salesforce, hubspot } = h.sandbox.connectors();
    // The CRM answers the upsert with a record another partner is linked to (a key pasted onto
    // the wrong company between the write-back and the create, say).
    const clashing = overriding(hubspot, {
      write: async (req) => {
        if (req.operation !== "upsert") return hubspot.write(req);
        return {
          calls: 1,
          stoppedForBudget: false,
          results: req.records.map((r) => ({
            key: r.key,
            ok: true as const,
            id: otherCompany,
            created: false,
          })),
        };
      },
    });
    const report = await (await runtimeWith({ salesforce, hubspot: clashing })).sync();
    expect(report.counts["adopted.hubspot"] ?? 0).toBe(0);
    expect((await partner(id)).raw.sides.hubspot).toBeUndefined();
    expect(await h.store.crmLinks.canonicalFor("hubspot", "companies", otherCompany)).toBe(other.id);
    const open = await h.runtime.quarantine.list({ status: "open" });
    const row = open.find((e) => e.recordId === id)!;
    expect(row).toMatchObject({ code: "outbound.create.write.link_conflict", class: "permanent" });
    // Permanent: skipped until an admin asks; then the real connector creates it properly.
    expect((await h.runtime.sync()).counts["created.hubspot"]).toBeUndefined();
    expect(await h.runtime.quarantine.retry(row.id)).toBe(true);
    const next = await h.runtime.sync();
    expect(next.counts["created.hubspot"]).toBe(1);
    expect((await partner(id)).raw.sides.hubspot?.id).not.toBe(otherCompany);
  });
});

describe("a partner both CRMs held from the start", () => {
  it("is not re-created in the CRM where a person deleted it", async () => {
    const both = (await h.store.partners.list()).find((p) => {
      const sides = (p.raw as Entry["raw"]).sides;
      return sides.salesforce && sides.hubspot && !(p.raw as Entry["raw"]).createdIn;
    })!;
    const companyId = (both.raw as Entry["raw"]).sides.hubspot!.id;
    h.sandbox.hubspot.portal.archive("companies", companyId);
    const { report } = await counted(h, () => h.runtime.sync());
    expect(report.outcome).toBe("ok");
    expect(report.counts["created.hubspot"]).toBeUndefined();
    expect(report.counts["skipped.mirror_removed"]).toBeGreaterThanOrEqual(1);
    const after = await partner(both.id);
    expect(after.raw.sides.hubspot).toBeUndefined();
    expect(after.raw.removed?.hubspot).toMatchObject({ id: companyId, reason: "deleted" });
    expect(await companiesWithKey(both.id)).toEqual([]);
    // The next run leaves it so too.
    const again = await counted(h, () => h.runtime.sync());
    expect(again.report.counts["created.hubspot"]).toBeUndefined();
    expect(writesOf(again.calls)).toBe(0);
  });
});

describe("mapping checks for create", () => {
  const raw = (crm: "salesforce" | "hubspot") => parse(readFileSync(`mappings/${crm}.yaml`, "utf8"));

  it("refuses create on deals: HubSpot's native Salesforce sync mirrors them", () => {
    const m = raw("salesforce");
    m.entities.deal.create = { enabled: true };
    const result = validateMapping(m, "salesforce");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.entity, p.path, p.code])).toEqual([
      ["deal", "entities.deal.create", "create_unexpected"],
    ]);
    expect(result.problems[0]!.message).toMatch(/native Salesforce sync/);
  });

  it("reports, against the live describe, fields Salesforce does not let the create write", async () => {
    const m = raw("salesforce");
    m.entities.partner.fields.compliance_ok.crm_field = "IsDeleted";
    m.entities.partner.create.set.SystemModstamp = "2026-01-01T00:00:00Z";
    const result = validateMapping(m, "salesforce");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const sf = h.sandbox.connectors().salesforce;
    const describes = new Map([
      ["Account", await sf.describe("Account")],
      ["Opportunity", await sf.describe("Opportunity")],
    ]);
    const problems = checkMappingAgainstDescribe(result.mapping, describes);
    expect(problems.map((p) => [p.field, p.crm_field, p.path, p.code])).toEqual([
      ["compliance_ok", "IsDeleted", "entities.partner.create", "not_createable"],
      ["create", "SystemModstamp", "entities.partner.create.set.SystemModstamp", "not_createable"],
    ]);
  });

  it("the shipped mappings pass against both emulators' live describes", async () => {
    const { salesforce, hubspot } = h.sandbox.connectors();
    for (const [crm, connector, objects] of [
      ["salesforce", salesforce, ["Account", "Opportunity"]],
      ["hubspot", hubspot, ["companies", "deals"]],
    ] as const) {
      const loaded = await loadMapping(`mappings/${crm}.yaml`, crm);
      if (!loaded.ok) throw new Error(crm);
      const describes = new Map<string, ObjectDescription>();
      for (const o of objects) describes.set(o, await connector.describe(o));
      const problems = checkMappingAgainstDescribe(loaded.mapping, describes).filter((p) =>
        p.path.includes("create"),
      );
      expect(problems).toEqual([]);
    }
  });
});
