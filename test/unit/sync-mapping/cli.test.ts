import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CrmName } from "../../../connectors/types.ts";
import {
  createMappingsCommand,
  formatProblemTable,
  runValidate,
} from "../../../src/cli/commands/mappings.ts";
import { hubspotDescribes, salesforceDescribes, withField } from "./fixtures/describes.ts";
import { shippedText } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempMappings(files: Partial<Record<CrmName, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), "mappings-"));
  dirs.push(dir);
  for (const [crm, text] of Object.entries(files)) writeFileSync(join(dir, `${crm}.yaml`), text);
  return dir;
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["src/cli/main.ts", "mappings", ...args], { encoding: "utf8" });
}

describe("incentives mappings validate (process)", () => {
  it("exits 0 on the shipped defaults offline and says the live check was skipped", () => {
    const result = cli("validate");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("mappings/salesforce.yaml: format and rules OK");
    expect(result.stdout).toContain("mappings/hubspot.yaml: format and rules OK");
    expect(result.stdout).toMatch(/salesforce: live check .* skipped/);
    expect(result.stdout).toContain("no problems");
  });

  it("exits 2 with a table naming crm, entity, field, CRM field and the YAML path", () => {
    const broken = shippedText("salesforce")
      .replace("New Business: new", "New Business: brand_new")
      .replace(
        "name: { crm_field: Name, direction: both, conflict: latest, required: true }",
        "name: { crm_field: Name, direction: both }",
      );
    const dir = tempMappings({ salesforce: broken });
    const result = cli("validate", "--crm", "salesforce", "--mapping-dir", dir);
    expect(result.status).toBe(2);
    const lines = result.stdout.split("\n");
    const header = lines.findIndex((l) => /^crm\s+entity\s+field\s+crm_field\s+problem$/.test(l));
    expect(header).toBeGreaterThan(-1);
    const rows = lines.slice(header + 2).filter((l) => l !== "");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      /^salesforce\s+partner\s+name\s+Name\s+direction both needs a conflict policy \[entities\.partner\.fields\.name\.conflict\]$/,
    );
    expect(rows[1]).toMatch(
      /^salesforce\s+deal\s+kind\s+Type\s+"brand_new" is not one of new, expansion, renewal/,
    );
  });

  it("exits 2 when a mapping file is missing, and on bad arguments", () => {
    const dir = tempMappings({});
    const missing = cli("validate", "--crm", "hubspot", "--mapping-dir", dir);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain("cannot read mapping");
    expect(cli("validate", "--crm", "pipedrive").status).toBe(2);
    expect(cli("frobnicate").status).toBe(2);
  });
});

describe("runValidate with a live describe", () => {
  function run(args: string[], describes: typeof salesforceDescribes) {
    let out = "";
    let err = "";
    const calls: string[] = [];
    const deps = {
      describeFor: (crm: CrmName) => async (_crm: CrmName, object: string) => {
        calls.push(`${crm}:${object}`);
        const d = (crm === "salesforce" ? describes() : hubspotDescribes()).get(object);
        if (!d) throw new Error(`no ${object}`);
        return d;
      },
      out: (t: string) => {
        out += t;
      },
      err: (t: string) => {
        err += t;
      },
    };
    return {
      code: runValidate(args, deps),
      get out() {
        return out;
      },
      get err() {
        return err;
      },
      calls,
    };
  }

  it("describes each object once and exits 0 when the CRM matches the mapping", async () => {
    const r = run([], salesforceDescribes);
    expect(await r.code).toBe(0);
    expect(r.calls).toEqual([
      "salesforce:Account",
      "salesforce:Opportunity",
      "hubspot:companies",
      "hubspot:deals",
    ]);
    expect(r.out).toContain("salesforce: live check against the CRM's describe: 0 problem(s)");
  });

  it("prints the live problems as a table and exits 2", async () => {
    const r = run(["--crm", "salesforce"], () =>
      withField(salesforceDescribes(), "Opportunity", "Attribution__c", {
        picklistValues: ["Sourced", "Influenced", "Co-sell"],
      }),
    );
    expect(await r.code).toBe(2);
    expect(r.out).toMatch(
      /salesforce\s+deal\s+attribution\s+Attribution__c\s+picklist value "Co-sell" has no canonical value/,
    );
  });

  it("--offline skips the live check", async () => {
    const r = run(["--offline"], salesforceDescribes);
    expect(await r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.out).toContain("skipped (--offline)");
  });

  it.each([
    [
      "salesforce",
      "Opportunity",
      { errorCode: "NOT_FOUND", name: "NOT_FOUND" },
      "The requested resource does not exist",
    ],
    [
      "hubspot",
      "deals",
      { status: 400 },
      "HubSpot 400 VALIDATION_ERROR: Unable to infer object type from: deals",
    ],
  ] as const)(
    "reports an object %s does not know as a problem, not a failure",
    async (crm, missing, shape, message) => {
      let out = "";
      const code = await runValidate(["--crm", crm], {
        describeFor: () => async (_crm, object) => {
          if (object === missing) throw Object.assign(new Error(message), shape);
          return (crm === "salesforce" ? salesforceDescribes() : hubspotDescribes()).get(object)!;
        },
        out: (t) => {
          out += t;
        },
        err: () => {},
      });
      expect(code).toBe(2);
      expect(out).toMatch(new RegExp(`${crm}\\s+deal\\s+object\\s+-\\s+${crm} has no object ${missing}`));
    },
  );

  it("exits 1 when the CRM cannot be described", async () => {
    const r = run(["--crm", "salesforce"], () => new Map());
    expect(await r.code).toBe(1);
    expect(r.err).toContain("cannot describe salesforce");
  });

  it("the command prints usage for help", async () => {
    let out = "";
    const command = createMappingsCommand({
      describeFor: () => null,
      out: (t) => {
        out += t;
      },
      err: () => {},
    });
    expect(await command.run(["--help"])).toBe(0);
    expect(out).toContain("usage: incentives mappings validate");
  });
});

describe("formatProblemTable", () => {
  it("aligns columns and puts the YAML path after the message", () => {
    const table = formatProblemTable([
      {
        crm: "hubspot",
        entity: "deal",
        field: "amount",
        crm_field: "amount",
        path: "entities.deal.fields.amount",
        code: "field_missing",
        message: "deals has no field amount",
      },
      { crm: null, entity: null, field: null, crm_field: null, path: "", code: "yaml", message: "bad" },
    ]);
    expect(table).toBe(
      [
        "crm      entity  field   crm_field  problem",
        "-------  ------  ------  ---------  -------------------------------------------------------",
        "hubspot  deal    amount  amount     deals has no field amount [entities.deal.fields.amount]",
        "-        -       -       -          bad",
        "",
      ].join("\n"),
    );
  });
});
