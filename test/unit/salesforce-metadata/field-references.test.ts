// Every field a report, report type, dashboard, list view, layout, compact layout, FlexiPage,
// permission set or Lightning web component names exists: a standard field from the documented
// list (references.ts) or a custom field of the package. A deploy would fail on a missing one,
// and a page or component naming one would break for every user; this fails first.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_METADATA_DIR,
  declaredFields,
  loadSalesforceMetadata,
} from "../../../connectors/salesforce/metadata-loader.ts";
import { standardObjects } from "../../../sandbox/salesforce/schema/standard.ts";
import { type FieldReference, packageReferences, STANDARD_FIELDS } from "./references.ts";

/** `file where: Object.Field` for every reference that names no existing field. */
async function missingFields(root: string): Promise<string[]> {
  const meta = await loadSalesforceMetadata(root);
  const custom = new Set(declaredFields(meta).map((d) => `${d.object}.${d.name}`));
  const customObjects = new Set(meta.objects.map((o) => o.fullName));
  const exists = (r: FieldReference) =>
    custom.has(`${r.object}.${r.field}`) ||
    (STANDARD_FIELDS[r.object] ?? []).includes(r.field) ||
    (customObjects.has(r.object) && (STANDARD_FIELDS["*custom"] ?? []).includes(r.field));
  const { fields } = await packageReferences(root);
  return fields.filter((r) => !exists(r)).map((r) => `${r.file} ${r.where}: ${r.object}.${r.field}`);
}

describe("fields the package's metadata names", () => {
  it("all exist, in every kind of metadata file", async () => {
    const { fields, files } = await packageReferences(DEFAULT_METADATA_DIR);
    expect(await missingFields(DEFAULT_METADATA_DIR)).toEqual([]);
    // Every kind was read (a reader that silently found nothing would pass the check above).
    const kinds = [
      "Report",
      "ReportType",
      "Dashboard",
      "ListView",
      "Layout",
      "CompactLayout",
      "PermissionSet",
    ];
    for (const kind of kinds) {
      const named = fields.filter((f) => (files[kind] ?? []).includes(f.file));
      expect(named.length, `${kind} files name fields`).toBeGreaterThan(0);
    }
    expect(files.Report?.length).toBeGreaterThanOrEqual(7);
    expect(files.ListView).toHaveLength(3);
    // FlexiPages place components (checked below); they name fields only through field instances.
    expect(files.FlexiPage).toHaveLength(2);
  });

  it("fails on a field that does not exist, naming file and place", async () => {
    const copy = await mkdtemp(join(tmpdir(), "incentives-metadata-"));
    try {
      await cp(DEFAULT_METADATA_DIR, copy, { recursive: true });
      const report = join(copy, "reports/Partner_Incentives/Held_Payouts.report-meta.xml");
      const text = await readFile(report, "utf8");
      await writeFile(
        report,
        text.replace("Incentive_Payout__c$Period__c", "Incentive_Payout__c$Quarter__c"),
      );
      const view = join(copy, "objects/Account/listViews/Payable_This_Period.listView-meta.xml");
      await writeFile(
        view,
        (await readFile(view, "utf8")).replace("<columns>Payout_Status__c", "<columns>Payout_State__c"),
      );
      // A component naming fields through a relationship and in a field list.
      await mkdir(join(copy, "lwc/probe"), { recursive: true });
      await writeFile(
        join(copy, "lwc/probe/probe.js"),
        [
          'import TIER from "@salesforce/schema/Opportunity.PartnerAccount.Partner_Tier__c";',
          'import NOPE from "@salesforce/schema/Opportunity.PartnerAccount.Nope__c";',
          'const FIELDS = ["Incentive_Payout__c.Amount__c", "Incentive_Payout__c.Amount_X__c"];',
        ].join("\n"),
      );
      expect((await missingFields(copy)).sort()).toEqual([
        "lwc/probe/probe.js field name: Incentive_Payout__c.Amount_X__c",
        "lwc/probe/probe.js schema import: Account.Nope__c",
        "objects/Account/listViews/Payable_This_Period.listView-meta.xml column: Account.Payout_State__c",
        "reports/Partner_Incentives/Held_Payouts.report-meta.xml column: Incentive_Payout__c.Quarter__c",
      ]);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it("reports use only their report type's fields, on its base object", async () => {
    const { fields, files } = await packageReferences(DEFAULT_METADATA_DIR);
    const { loadReportPackage } = await import("../../../connectors/salesforce/report-definitions.ts");
    const pkg = await loadReportPackage(DEFAULT_METADATA_DIR);
    const offered = new Map(
      pkg.reportTypes.map((t) => [t.developerName, new Set(t.columns.map((c) => `${c.table}.${c.field}`))]),
    );
    const problems: string[] = [];
    for (const r of pkg.reports) {
      const columns = offered.get(r.reportType);
      if (!columns) {
        problems.push(`${r.file}: unknown report type ${r.reportType}`);
        continue;
      }
      for (const f of fields.filter((x) => x.file === r.file))
        if (!columns.has(`${f.object}.${f.field}`))
          problems.push(`${r.file} ${f.where}: ${f.object}.${f.field} not in ${r.reportType}`);
    }
    expect(problems).toEqual([]);
    expect(files.Report?.length).toBe(pkg.reports.length);
  });

  it("reports are ones Salesforce accepts and the sandbox runs: names of 40 characters at most, package report types, its formats and operators", async () => {
    const { loadReportPackage, REPORT_OPERATORS } = await import(
      "../../../connectors/salesforce/report-definitions.ts"
    );
    const pkg = await loadReportPackage(DEFAULT_METADATA_DIR);
    const types = new Set(pkg.reportTypes.map((t) => t.developerName));
    const problems = pkg.reports.flatMap((r) => [
      ...(r.name.length > 40 ? [`${r.file}: name longer than 40 characters`] : []),
      ...(types.has(r.reportType) ? [] : [`${r.file}: report type ${r.reportType} not in the package`]),
      ...(["Tabular", "Summary", "Matrix"].includes(r.format) ? [] : [`${r.file}: format ${r.format}`]),
      ...r.filters
        .filter((f) => !(REPORT_OPERATORS as readonly string[]).includes(f.operator))
        .map((f) => `${r.file}: operator ${f.operator} on ${f.column}`),
    ]);
    expect(problems).toEqual([]);
  });

  it("dashboards show reports of the package, FlexiPages place components that exist", async () => {
    const { other } = await packageReferences(DEFAULT_METADATA_DIR);
    const { loadReportPackage } = await import("../../../connectors/salesforce/report-definitions.ts");
    const pkg = await loadReportPackage(DEFAULT_METADATA_DIR);
    const reports = new Set(pkg.reports.map((r) => `${r.folder}/${r.developerName}`));
    const dashboardReports = other.filter((o) => o.kind === "report");
    expect(dashboardReports.length).toBeGreaterThanOrEqual(7);
    expect(dashboardReports.filter((o) => !reports.has(o.name))).toEqual([]);
    // Custom components (c:name) are Lightning web components of this package.
    const custom = [
      ...new Set(other.filter((o) => o.kind === "component" && o.name.startsWith("c:")).map((o) => o.name)),
    ];
    expect(custom.sort()).toEqual(["c:dealIncentive", "c:partnerIncentives"]);
    // The bundles come from the sf-lwc work; until they are in the package only the names are
    // checked (the contract's names), from then on each placed component must be a bundle.
    const bundles = await readdir(join(DEFAULT_METADATA_DIR, "lwc")).catch(() => [] as string[]);
    if (bundles.length > 0) expect(custom.filter((c) => !bundles.includes(c.slice(2)))).toEqual([]);
  });

  it("both permission sets grant read on every custom field the pages, reports and components name; the viewer's edits nothing", async () => {
    const { fields, files } = await packageReferences(DEFAULT_METADATA_DIR);
    const shown = fields.filter(
      (f) => f.field.endsWith("__c") && !(files.PermissionSet ?? []).includes(f.file) && f.object !== "?",
    );
    expect(shown.length).toBeGreaterThan(20);
    const names = [...new Set(shown.map((f) => `${f.object}.${f.field}`))];
    for (const set of ["Partner_Incentives", "Partner_Incentives_Viewer"]) {
      const text = await readFile(
        join(DEFAULT_METADATA_DIR, `permissionsets/${set}.permissionset-meta.xml`),
        "utf8",
      );
      const grants = [...text.matchAll(/<fieldPermissions>([\s\S]*?)<\/fieldPermissions>/g)].map((m) => ({
        field: /<field>([^<]+)<\/field>/.exec(m[1]!)?.[1],
        readable: /<readable>true<\/readable>/.test(m[1]!),
        editable: /<editable>true<\/editable>/.test(m[1]!),
      }));
      const readable = new Set(grants.filter((g) => g.readable).map((g) => g.field));
      expect(
        names.filter((n) => !readable.has(n)),
        set,
      ).toEqual([]);
      if (set.endsWith("_Viewer")) {
        expect(grants.filter((g) => g.editable).map((g) => g.field)).toEqual([]);
        expect(text).not.toMatch(/<allow(Create|Edit|Delete)>true/);
      }
    }
  });

  it("names only standard fields the sandbox org has too, so it can run the reports", () => {
    const sandbox = new Map(standardObjects().map((o) => [o.name, new Set(o.fields.map((f) => f.name))]));
    for (const [object, names] of Object.entries(STANDARD_FIELDS)) {
      if (object.startsWith("*")) continue;
      expect(
        names.filter((n) => !sandbox.get(object)?.has(n)),
        object,
      ).toEqual([]);
    }
  });
});
