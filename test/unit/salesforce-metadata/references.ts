// Every object field a metadata file of the package names, read from the file as Salesforce reads
// it: reports and report types, dashboards, list views, layouts, compact layouts, FlexiPages, the
// permission set and the Lightning web components' field imports. The test checks each one exists.
import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { loadSalesforceMetadata } from "../../../connectors/salesforce/metadata-loader.ts";
import { loadReportPackage, splitColumn } from "../../../connectors/salesforce/report-definitions.ts";

/** One field named somewhere in the package. */
export interface FieldReference {
  /** File, relative to force-app/main/default. */
  file: string;
  /** What in the file names it (column, filter, layout item …), for the failure message. */
  where: string;
  object: string;
  field: string;
}

/** Something other than a field a file points at (a report, a component, a related list). */
export interface OtherReference {
  file: string;
  kind: "report" | "component" | "reportType";
  name: string;
}

/**
 * Standard fields the package may name, per the Salesforce Object Reference (Account, Opportunity)
 * and the system fields every custom object has. Deliberately small: a field outside this list
 * must be added here on purpose, after checking it exists in every org edition the README names.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_account.htm
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/system_fields.htm
 */
export const STANDARD_FIELDS: Record<string, readonly string[]> = {
  // IsPartner exists once partner accounts (PRM / Experience Cloud partner users) are enabled,
  // which the partner portal needs anyway. CurrencyIsoCode exists in multi-currency orgs only:
  // the components ask for it as an optional field (uiRecordApi optionalFields), never required.
  Account: [
    "Id",
    "Name",
    "OwnerId",
    "IsPartner",
    "Type",
    "CurrencyIsoCode",
    "CreatedDate",
    "LastModifiedDate",
  ],
  Opportunity: [
    "Id",
    "Name",
    "AccountId",
    "PartnerAccountId",
    "Amount",
    "CloseDate",
    "StageName",
    "IsClosed",
    "IsWon",
    "OwnerId",
    "CurrencyIsoCode",
    "CreatedDate",
    "LastModifiedDate",
  ],
  "*custom": ["Id", "Name", "OwnerId", "CurrencyIsoCode", "CreatedDate", "LastModifiedDate"],
};

/**
 * Standard relationships a field path may walk (`Opportunity.PartnerAccount.Name`): the lookup
 * field it goes through and the object it reaches. Custom ones (`Account__r`) come from the
 * package's lookup fields.
 */
export const STANDARD_RELATIONSHIPS: Record<string, Record<string, { field: string; to: string }>> = {
  Opportunity: {
    Account: { field: "AccountId", to: "Account" },
    PartnerAccount: { field: "PartnerAccountId", to: "Account" },
  },
};

/**
 * Upper-case column tokens of list views and related lists (`ACCOUNT.NAME`), mapped to fields:
 * Salesforce names standard columns there by these tokens, custom fields by their API names.
 */
export const COLUMN_TOKENS: Record<string, string> = {
  "ACCOUNT.NAME": "Name",
  "ACCOUNT.TYPE": "Type",
  "OPPORTUNITY.NAME": "Name",
  "OPPORTUNITY.AMOUNT": "Amount",
  "OPPORTUNITY.CLOSE_DATE": "CloseDate",
  "OPPORTUNITY.STAGE_NAME": "StageName",
  NAME: "Name",
};

const ARRAYS = new Set([
  "columns",
  "filters",
  "fields",
  "layoutSections",
  "layoutColumns",
  "layoutItems",
  "relatedLists",
  "flexiPageRegions",
  "itemInstances",
  "fieldPermissions",
  "objectPermissions",
  "dashboardGridComponents",
  "chartSummary",
  "groupingColumn",
]);
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (n) => ARRAYS.has(n) });

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out.sort();
}

type Xml = Record<string, unknown>;
const arr = (v: unknown): Xml[] =>
  Array.isArray(v) ? (v as Xml[]) : v === undefined || v === "" ? [] : [v as Xml];
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** `Account.Partner_Tier__c` or a column token, to object and field. */
function qualified(object: string, name: string): { object: string; field: string } {
  const token = COLUMN_TOKENS[name];
  if (token) return { object, field: token };
  const dot = name.indexOf(".");
  return dot > 0 ? { object: name.slice(0, dot), field: name.slice(dot + 1) } : { object, field: name };
}

export interface PackageReferences {
  fields: FieldReference[];
  other: OtherReference[];
  /** Files read, per kind, so the test can show every kind was covered. */
  files: Record<string, string[]>;
}

export async function packageReferences(root: string): Promise<PackageReferences> {
  const fields: FieldReference[] = [];
  const other: OtherReference[] = [];
  const files: Record<string, string[]> = {};
  const seen = (kind: string, file: string) => {
    files[kind] = [...(files[kind] ?? []), file];
  };
  const add = (file: string, where: string, object: string, name: string) =>
    fields.push({ file, where, ...qualified(object, name) });
  // `Opportunity.PartnerAccount.Partner_Tier__c`: each hop's lookup field and the last field.
  const meta = await loadSalesforceMetadata(root);
  const lookups = new Map<string, string>();
  for (const f of meta.fields) if (f.referenceTo) lookups.set(f.fullName, f.referenceTo);
  for (const o of meta.objects)
    for (const f of o.fields) if (f.referenceTo) lookups.set(`${o.fullName}.${f.fullName}`, f.referenceTo);
  const addPath = (file: string, where: string, path: string) => {
    const [first, ...rest] = path.split(".");
    let object = first!;
    for (const hop of rest.slice(0, -1)) {
      const standard = STANDARD_RELATIONSHIPS[object]?.[hop];
      const lookup = hop.endsWith("__r") ? `${hop.slice(0, -3)}__c` : (standard?.field ?? hop);
      fields.push({ file, where, object, field: lookup });
      const to = standard?.to ?? lookups.get(`${object}.${lookup}`);
      if (!to) return;
      object = to;
    }
    fields.push({ file, where, object, field: rest.at(-1) ?? "" });
  };

  // Reports and report types through the same reader the sandbox runs them with.
  const pkg = await loadReportPackage(root);
  const baseOf = new Map(pkg.reportTypes.map((t) => [t.developerName, t.baseObject]));
  for (const t of pkg.reportTypes) {
    const file = `reportTypes/${t.developerName}.reportType-meta.xml`;
    seen("ReportType", file);
    for (const c of t.columns) add(file, "column", c.table, c.field);
  }
  for (const r of pkg.reports) {
    seen("Report", r.file);
    other.push({ file: r.file, kind: "reportType", name: r.reportType });
    const base = baseOf.get(r.reportType) ?? "?";
    const column = (where: string, name: string) => {
      const split = splitColumn(name);
      if (!split)
        fields.push({ file: r.file, where: `${where} (not Object$Field)`, object: "?", field: name });
      else fields.push({ file: r.file, where, object: split.object, field: split.field });
      if (split && split.object !== base)
        fields.push({ file: r.file, where: `${where} (not on ${base})`, object: "?", field: name });
    };
    for (const c of r.columns) column("column", c.field);
    for (const g of [...r.groupingsDown, ...r.groupingsAcross]) column("grouping", g.field);
    for (const f of r.filters) column("filter", f.column);
    if (r.sortColumn) column("sortColumn", r.sortColumn);
    if (r.dateColumn) column("timeFrameFilter", r.dateColumn);
  }

  for (const path of await walk(root)) {
    const file = relative(root, path);
    const read = async (rootTag: string) =>
      (parser.parse(await readFile(path, "utf8")) as Record<string, Xml>)[rootTag] ?? {};
    if (file.endsWith(".dashboard-meta.xml")) {
      seen("Dashboard", file);
      const d = await read("Dashboard");
      const grid = (d.dashboardGridLayout ?? {}) as Xml;
      for (const g of arr(grid.dashboardGridComponents)) {
        const c = (g.dashboardComponent ?? {}) as Xml;
        const report = str(c.report);
        if (report) other.push({ file, kind: "report", name: report });
        const reportDef = pkg.reports.find((r) => `${r.folder}/${r.developerName}` === report);
        const base = reportDef ? (baseOf.get(reportDef.reportType) ?? "?") : "?";
        const named = [
          ...arr(c.chartSummary).map((s) => str(s.column)),
          ...arr(c.groupingColumn).map((g) => str(g)),
        ].filter((n): n is string => n !== null && n !== "RowCount");
        for (const n of named) {
          const split = splitColumn(n);
          fields.push({
            file,
            where: `component "${String(c.header)}"`,
            object: split?.object === base ? split.object : "?",
            field: split?.field ?? n,
          });
        }
      }
    } else if (file.endsWith(".listView-meta.xml")) {
      seen("ListView", file);
      const object = basename(dirname(dirname(path)));
      const v = await read("ListView");
      for (const c of arr(v.columns)) add(file, "column", object, String(c));
      for (const f of arr(v.filters)) add(file, "filter", object, String(f.field));
    } else if (file.endsWith(".compactLayout-meta.xml")) {
      seen("CompactLayout", file);
      const object = basename(dirname(dirname(path)));
      for (const f of arr((await read("CompactLayout")).fields)) add(file, "field", object, String(f));
    } else if (file.endsWith(".layout-meta.xml")) {
      seen("Layout", file);
      const object = basename(file).split("-")[0]!;
      const l = await read("Layout");
      for (const s of arr(l.layoutSections))
        for (const c of arr(s.layoutColumns))
          for (const i of arr(c.layoutItems))
            if (str(i.field)) add(file, `section "${String(s.label)}"`, object, String(i.field));
      for (const rl of arr(l.relatedLists)) {
        const [child, lookup] = String(rl.relatedList).split(".");
        if (!child || !lookup) continue;
        add(file, "related list", child, lookup);
        for (const f of arr(rl.fields)) add(file, "related list column", child, String(f));
      }
    } else if (file.endsWith(".flexipage-meta.xml")) {
      seen("FlexiPage", file);
      const p = await read("FlexiPage");
      const object = str(p.sobjectType) ?? "?";
      for (const r of arr(p.flexiPageRegions))
        for (const i of arr(r.itemInstances)) {
          const comp = (i.componentInstance ?? {}) as Xml;
          const name = str(comp.componentName);
          if (name) other.push({ file, kind: "component", name });
          const item = str(((i.fieldInstance ?? {}) as Xml).fieldItem);
          if (item) add(file, "field instance", object, item.replace(/^Record\./, ""));
        }
    } else if (file.endsWith(".permissionset-meta.xml")) {
      seen("PermissionSet", file);
      for (const f of arr((await read("PermissionSet")).fieldPermissions))
        fields.push({ file, where: "fieldPermissions", ...qualified("?", String(f.field)) });
    } else if (/\/lwc\/[^/]+\/[^/]+\.(js|html)$/.test(`/${file}`) && !file.includes("__tests__")) {
      seen("LightningComponentBundle", file);
      const text = await readFile(path, "utf8");
      // `import TIER from "@salesforce/schema/Account.Partner_Tier__c"`, relationship paths
      // (`Opportunity.PartnerAccount.Name`) and field lists as strings ("Incentive_Payout__c.Amount__c").
      for (const m of text.matchAll(/@salesforce\/schema\/([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)+)/g))
        addPath(file, "schema import", m[1]!);
      for (const m of text.matchAll(
        /["'`]((?:Account|Opportunity|Incentive_Payout__c)(?:\.[A-Za-z0-9_]+)+)["'`]/g,
      ))
        addPath(file, "field name", m[1]!);
    }
  }
  return { fields, other, files };
}
