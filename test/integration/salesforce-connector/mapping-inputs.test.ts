// The shipped mapping (mappings/salesforce.yaml) against an org loaded with the project's SFDX
// metadata: `incentives mappings validate --crm salesforce` passes live, and the emulator's own
// seed fills the inputs the mapping reads with values it maps.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startSalesforceEmulator } from "../../../sandbox/salesforce/server.ts";
import { type Emulator, startProvisionedOrg } from "./helpers.ts";

// Spawned asynchronously: the emulator answers from this process's event loop.
function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["src/cli/main.ts", ...args], {
      env: { PATH: process.env.PATH ?? "", TZ: "UTC", ...env },
    });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stdout += d));
    child.on("close", (status) => resolve({ status, stdout }));
  });
}

const envFor = (org: Emulator) => ({
  SALESFORCE_AUTH: "access_token",
  SALESFORCE_INSTANCE_URL: org.url,
  SALESFORCE_ACCESS_TOKEN: org.accessToken,
});

interface MappingField {
  crm_field: string;
  direction: string;
  transform?: { map?: Record<string, string>; default?: string } | string;
  default?: unknown;
}
type Fields = Record<string, MappingField>;

describe("mappings/salesforce.yaml against the project's metadata", () => {
  let provisioned: Emulator;
  let bare: Emulator;
  let mapping: { entities: { partner: { fields: Fields }; deal: { fields: Fields } } };

  beforeAll(async () => {
    provisioned = await startProvisionedOrg({ seed: { partners: 30, deals: 600 } });
    bare = await startSalesforceEmulator({ seed: { partners: 3, deals: 10 } });
    mapping = parse(await readFile("mappings/salesforce.yaml", "utf8"));
  });
  afterAll(async () => {
    await Promise.all([provisioned.close(), bare.close()]);
  });

  it("mappings validate --crm salesforce passes live against the provisioned org", async () => {
    const result = await cli(["mappings", "validate", "--crm", "salesforce"], envFor(provisioned));
    expect(result.stdout).toContain("salesforce: live check against the CRM's describe: 0 problem(s)");
    expect(result.stdout).toContain("no problems");
    expect(result.status).toBe(0);
  });

  it("a bare org lists each input field the package declares as missing", async () => {
    const result = await cli(["mappings", "validate", "--crm", "salesforce"], envFor(bare));
    expect(result.status).toBe(2);
    for (const f of ["Partner_Type__c", "Certifications__c", "Attribution__c", "Cancelled_On__c"]) {
      expect(result.stdout).toMatch(new RegExp(`has no field ${f}`));
    }
  });

  it("the emulator's seed fills every inbound field with values the mapping maps", () => {
    for (const [entity, object] of [
      ["partner", "Account"],
      ["deal", "Opportunity"],
    ] as const) {
      const inbound = Object.values(mapping.entities[entity].fields).filter(
        (f) => f.direction !== "outbound",
      );
      const scope = entity === "partner" ? "IsPartner = true" : "PartnerAccountId != null";
      const names = [...new Set(inbound.map((f) => f.crm_field))];
      const rows = provisioned.org.query(`SELECT ${names.join(", ")} FROM ${object} WHERE ${scope}`).records;
      expect(rows.length).toBe(entity === "partner" ? 30 : 600);
      for (const f of inbound) {
        const values = rows.map((r) => r[f.crm_field]);
        // Every inbound field is filled on some records (CSAT and cancellations only on some deals).
        expect(
          values.some((v) => v !== null && v !== undefined),
          `${object}.${f.crm_field}`,
        ).toBe(true);
        const map = typeof f.transform === "object" ? f.transform.map : undefined;
        // Open stages fall to the stage map's default on purpose; any other value must be listed.
        if (map && f.crm_field !== "StageName") {
          const unmapped = values.filter((v) => v !== null && !Object.hasOwn(map, String(v)));
          expect(unmapped, `${object}.${f.crm_field} values the mapping does not list`).toEqual([]);
        }
      }
    }
    const deals = provisioned.org.query(
      "SELECT CSAT__c, Time_To_Value_Days__c, Cancelled_On__c, CurrencyIsoCode FROM Opportunity",
    ).records;
    expect(new Set(deals.map((d) => d.CurrencyIsoCode))).toEqual(new Set(["USD", "EUR", "GBP"]));
    expect(deals.some((d) => d.CSAT__c === null)).toBe(true);
    expect(deals.some((d) => typeof d.Cancelled_On__c === "string")).toBe(true);
  });

  it("a bare org is seeded with the standard fields only", () => {
    expect(bare.org.count("Opportunity")).toBe(10);
    expect(bare.org.query("SELECT Name, Type FROM Account WHERE IsPartner = true").totalSize).toBe(3);
  });
});
