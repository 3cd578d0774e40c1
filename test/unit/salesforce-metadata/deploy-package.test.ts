// The whole force-app resolved and converted to a Metadata API package the way
// `sf project deploy start --source-dir connectors/salesforce/metadata/force-app` does before it
// deploys (source-deploy-retrieve: ComponentSet.fromSource, then MetadataConverter to "metadata"
// format). An unknown type or a file SDR cannot place fails the resolve; every XML file of the
// converted package must then parse, so a malformed file fails here rather than in the admin's org.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ComponentSet, MetadataConverter } from "@salesforce/source-deploy-retrieve";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const FORCE_APP = fileURLToPath(
  new URL("../../../connectors/salesforce/metadata/force-app", import.meta.url),
);
const DEFAULT = join(FORCE_APP, "main", "default");

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out.sort();
}

/** Source files per metadata type, by the suffixes SDR's registry gives them. */
const SUFFIX_TYPE: Array<[RegExp, string]> = [
  [/\.reportFolder-meta\.xml$/, "ReportFolder"],
  [/\.dashboardFolder-meta\.xml$/, "DashboardFolder"],
  [/\.report-meta\.xml$/, "Report"],
  [/\.dashboard-meta\.xml$/, "Dashboard"],
  [/\.reportType-meta\.xml$/, "ReportType"],
  [/\.flexipage-meta\.xml$/, "FlexiPage"],
  [/\.layout-meta\.xml$/, "Layout"],
  [/\.listView-meta\.xml$/, "ListView"],
  [/\.compactLayout-meta\.xml$/, "CompactLayout"],
  [/\.field-meta\.xml$/, "CustomField"],
  [/\.permissionset-meta\.xml$/, "PermissionSet"],
];

let outDir: string;
let packageDir: string;
let components: Array<{ type: string; fullName: string }>;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "incentives-sdr-"));
  const set = ComponentSet.fromSource(FORCE_APP);
  // The CLI stamps the manifest with sfdx-project.json's sourceApiVersion; so does this.
  const project = JSON.parse(await readFile(join(FORCE_APP, "..", "sfdx-project.json"), "utf8")) as {
    sourceApiVersion: string;
  };
  set.sourceApiVersion = project.sourceApiVersion;
  // Children too: fields, list views and compact layouts of an object with an object file are
  // children of its CustomObject, and the manifest lists them on their own.
  components = [...set.getSourceComponents()].flatMap((c) => [
    { type: c.type.name, fullName: c.fullName },
    ...c.getChildren().map((child) => ({ type: child.type.name, fullName: child.fullName })),
  ]);
  const result = await new MetadataConverter().convert(set, "metadata", {
    type: "directory",
    outputDirectory: outDir,
    packageName: "partner_incentives",
    genUniqueDir: false,
  });
  packageDir = result.packagePath ?? join(outDir, "partner_incentives");
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe("force-app as sf project deploy start sees it", () => {
  it("resolves every source file to a known metadata type", async () => {
    const files = (await walk(DEFAULT)).filter((f) => !f.endsWith(".md"));
    const set = ComponentSet.fromSource(FORCE_APP);
    const placed = new Set<string>();
    for (const c of set.getSourceComponents()) {
      if (c.xml) placed.add(c.xml);
      if (c.content) placed.add(c.content);
      for (const child of c.getChildren()) if (child.xml) placed.add(child.xml);
      for (const f of c.walkContent()) placed.add(f);
    }
    const unplaced = files.filter((f) => !placed.has(f) && ![...placed].some((p) => f.startsWith(`${p}/`)));
    expect(unplaced.map((f) => relative(DEFAULT, f))).toEqual([]);
  });

  it("has well-formed XML in every source file (SDR merges some without validating them)", async () => {
    const bad: string[] = [];
    for (const f of await walk(DEFAULT)) {
      if (!f.endsWith(".xml")) continue;
      const valid = XMLValidator.validate(await readFile(f, "utf8"));
      if (valid !== true) bad.push(`${relative(DEFAULT, f)}: ${valid.err.msg} (line ${valid.err.line})`);
    }
    expect(bad).toEqual([]);
  });

  it("holds the expected components, one per source file of each type", async () => {
    const names = (type: string) =>
      components
        .filter((c) => c.type === type)
        .map((c) => c.fullName)
        .sort();
    expect(names("ReportFolder")).toEqual(["Partner_Incentives"]);
    expect(names("DashboardFolder")).toEqual(["Partner_Program"]);
    expect(names("Dashboard")).toEqual(["Partner_Program/Partner_Program"]);
    expect(names("Report")).toEqual(
      expect.arrayContaining([
        "Partner_Incentives/Clawbacks_This_Period",
        "Partner_Incentives/Coop_Fund_Balances",
        "Partner_Incentives/Held_Payouts",
        "Partner_Incentives/Ineligible_Partners",
        "Partner_Incentives/Partners_By_Tier",
        "Partner_Incentives/Partners_Near_Next_Tier",
        "Partner_Incentives/Payout_Accuracy",
        "Partner_Incentives/Payouts_By_Component",
        "Partner_Incentives/Payouts_By_Partner_And_Period",
        "Partner_Incentives/SPIF_Awards",
      ]),
    );
    expect(names("ReportType")).toEqual(
      expect.arrayContaining(["Incentive_Payouts", "Partner_Accounts", "Partner_Deal_Incentives"]),
    );
    expect(names("FlexiPage")).toEqual(
      expect.arrayContaining(["Partner_Account_Record_Page", "Partner_Opportunity_Record_Page"]),
    );
    expect(names("Layout")).toEqual(
      expect.arrayContaining(["Account-Partner Account Layout", "Opportunity-Partner Opportunity Layout"]),
    );
    expect(names("ListView")).toEqual(
      expect.arrayContaining([
        "Account.Ineligible_Partners",
        "Account.Partners_Near_Next_Tier",
        "Account.Payable_This_Period",
      ]),
    );
    expect(names("CompactLayout")).toEqual(["Incentive_Payout__c.Payout_Summary"]);
    expect(names("CustomObject")).toEqual(expect.arrayContaining(["Incentive_Payout__c"]));
    expect(names("PermissionSet")).toEqual(["Partner_Incentives", "Partner_Incentives_Viewer"]);
    // Nothing silently dropped: as many components of each type as source files of that type.
    const files = await walk(DEFAULT);
    for (const [suffix, type] of SUFFIX_TYPE) {
      expect(names(type), type).toHaveLength(files.filter((f) => suffix.test(f)).length);
    }
  });

  it("converts to a metadata-format package whose manifest lists them and whose XML all parses", async () => {
    const manifest = new XMLParser({
      parseTagValue: false,
      isArray: (n) => n === "types" || n === "members",
    }).parse(await readFile(join(packageDir, "package.xml"), "utf8")) as {
      Package: { types: Array<{ name: string; members: string[] }>; version: string };
    };
    const listed = new Map(manifest.Package.types.map((t) => [t.name, t.members.length]));
    // A folder is listed with its contents' type (package.xml has no ReportFolder type).
    const asListed = (type: string) => type.replace(/Folder$/, "");
    const counted = new Map<string, number>();
    for (const c of components) counted.set(asListed(c.type), (counted.get(asListed(c.type)) ?? 0) + 1);
    expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(counted));
    expect(manifest.Package.version).toBe("62.0");
    const files = await walk(packageDir);
    // Metadata format: object files hold their fields, list views and compact layouts merged in.
    expect(files.map((f) => relative(packageDir, f))).toEqual(
      expect.arrayContaining([
        "objects/Account.object",
        "objects/Incentive_Payout__c.object",
        "reports/Partner_Incentives/Payouts_By_Partner_And_Period.report",
        "dashboards/Partner_Program/Partner_Program.dashboard",
        "flexipages/Partner_Account_Record_Page.flexipage",
        "layouts/Account-Partner Account Layout.layout",
      ]),
    );
    const account = await readFile(join(packageDir, "objects/Account.object"), "utf8");
    expect(account).toContain("<fullName>Partners_Near_Next_Tier</fullName>");
    // Partner users (external) see no payout unless a sharing set or rule grants it (README).
    const payout = await readFile(join(packageDir, "objects/Incentive_Payout__c.object"), "utf8");
    expect(payout).toContain("<externalSharingModel>Private</externalSharingModel>");
    expect(payout).toContain("<sharingModel>ReadWrite</sharingModel>");
    const bad: string[] = [];
    for (const f of files) {
      if (
        !/\.(xml|object|report|dashboard|reportType|flexipage|layout|permissionset|reportFolder|dashboardFolder)$/.test(
          f,
        ) &&
        !f.endsWith("-meta.xml")
      )
        continue;
      const text = await readFile(f, "utf8");
      if (!/^<\?xml/.test(text)) continue;
      const valid = XMLValidator.validate(text);
      if (valid !== true) bad.push(`${relative(packageDir, f)}: ${valid.err.msg} (line ${valid.err.line})`);
    }
    expect(bad).toEqual([]);
  });
});
