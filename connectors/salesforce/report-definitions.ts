// Reads the package's report types and reports (SFDX source under ./metadata) into typed
// definitions: what the sandbox org runs through its Analytics REST API and what the metadata
// tests check field by field. Shapes follow the Report and ReportType Metadata API types.
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_report.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_reporttype.htm
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { z } from "zod";
import { DEFAULT_METADATA_DIR } from "./metadata-loader.ts";

const bool = z.enum(["true", "false"]).transform((v) => v === "true");
const sortOrder = z.enum(["Asc", "Desc"]);

const xmlReportType = z.object({
  baseObject: z.string(),
  label: z.string(),
  sections: z.array(
    z.object({
      masterLabel: z.string(),
      columns: z.array(z.object({ field: z.string(), table: z.string() })),
    }),
  ),
});

/** The filter operators the sandbox runs (Salesforce has more: contains, startsWith, includes …). */
export const REPORT_OPERATORS = [
  "equals",
  "notEqual",
  "lessThan",
  "greaterThan",
  "lessOrEqual",
  "greaterOrEqual",
] as const;
export type ReportOperator = (typeof REPORT_OPERATORS)[number];

const xmlGrouping = z.object({ field: z.string(), sortOrder, dateGranularity: z.string().optional() });

// Lenient where Salesforce's own rules are checked by the metadata tests (name length, operators,
// formats the sandbox cannot run): a report the sandbox cannot run must not stop it starting.
const xmlReport = z.object({
  name: z.string(),
  description: z.string().optional(),
  format: z.string(),
  reportType: z.string(),
  columns: z.array(z.object({ field: z.string(), aggregateTypes: z.array(z.string()).default([]) })),
  groupingsDown: z.array(xmlGrouping).default([]),
  groupingsAcross: z.array(xmlGrouping).default([]),
  filter: z
    .object({
      booleanFilter: z.string().optional(),
      criteriaItems: z.array(
        z.object({ column: z.string(), operator: z.string(), value: z.string().default("") }),
      ),
    })
    .optional(),
  scope: z.string().optional(),
  showDetails: bool.default(true),
  showGrandTotal: bool.default(true),
  showSubTotals: bool.default(true),
  sortColumn: z.string().optional(),
  sortOrder: sortOrder.optional(),
  timeFrameFilter: z
    .object({
      dateColumn: z.string(),
      interval: z.string(),
      startDate: z.string().optional(),
      endDate: z.string().optional(),
    })
    .optional(),
});

export interface ReportTypeDefinition {
  developerName: string;
  baseObject: string;
  label: string;
  /** Every field the report type offers, as `table` (object) and `field`. */
  columns: Array<{ table: string; field: string }>;
}

export interface ReportFilter {
  column: string;
  /** One of REPORT_OPERATORS for the sandbox to run it; any Salesforce operator is read. */
  operator: string;
  value: string;
}

export interface ReportDefinition {
  /** `Payouts_By_Partner_And_Period`: the file name, the report's developer name. */
  developerName: string;
  folder: string;
  /** The file it was read from, relative to the metadata folder (for messages). */
  file: string;
  name: string;
  description: string | null;
  /** Tabular, Summary or Matrix (what the sandbox runs); Salesforce also has MultiBlock (joined). */
  format: string;
  reportType: string;
  /** Detail columns; a column with aggregate types (Sum, Average, Maximum, Minimum) is summarised. */
  columns: Array<{ field: string; aggregates: string[] }>;
  groupingsDown: Array<{ field: string; sortOrder: "Asc" | "Desc" }>;
  groupingsAcross: Array<{ field: string; sortOrder: "Asc" | "Desc" }>;
  filters: ReportFilter[];
  booleanFilter: string | null;
  showDetails: boolean;
  showGrandTotal: boolean;
  showSubTotals: boolean;
  sortColumn: string | null;
  sortOrder: "Asc" | "Desc" | null;
  /** The standard date filter's column (`INTERVAL_CUSTOM` without dates: all time). */
  dateColumn: string | null;
}

export interface ReportPackage {
  reportTypes: ReportTypeDefinition[];
  reports: ReportDefinition[];
}

const ARRAYS = new Set([
  "sections",
  "columns",
  "groupingsDown",
  "groupingsAcross",
  "criteriaItems",
  "aggregateTypes",
]);
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => ARRAYS.has(name),
});

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

async function parse<T extends z.ZodTypeAny>(
  dir: string,
  file: string,
  root: string,
  schema: T,
): Promise<z.output<T>> {
  const doc = parser.parse(await readFile(join(dir, file), "utf8")) as Record<string, unknown>;
  const result = schema.safeParse(doc[root]);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || root}: ${i.message}`);
    throw new Error(`${file}: not a valid <${root}>: ${problems.join("; ")}`);
  }
  return result.data;
}

/** `Incentive_Payout__c$Amount__c` → `{ object: "Incentive_Payout__c", field: "Amount__c" }`. */
export function splitColumn(column: string): { object: string; field: string } | null {
  const m = /^([A-Za-z][A-Za-z0-9_]*)\$([A-Za-z][A-Za-z0-9_]*)$/.exec(column);
  return m ? { object: m[1]!, field: m[2]! } : null;
}

export async function loadReportPackage(dir: string = DEFAULT_METADATA_DIR): Promise<ReportPackage> {
  const reportTypes: ReportTypeDefinition[] = [];
  for (const file of await list(join(dir, "reportTypes"))) {
    const m = /^(.+)\.reportType-meta\.xml$/.exec(file);
    if (!m) continue;
    const rt = await parse(dir, join("reportTypes", file), "ReportType", xmlReportType);
    reportTypes.push({
      developerName: m[1]!,
      baseObject: rt.baseObject,
      label: rt.label,
      columns: rt.sections.flatMap((s) => s.columns.map((c) => ({ table: c.table, field: c.field }))),
    });
  }
  const reports: ReportDefinition[] = [];
  for (const folder of await list(join(dir, "reports"))) {
    for (const file of await list(join(dir, "reports", folder))) {
      const m = /^(.+)\.report-meta\.xml$/.exec(file);
      if (!m) continue;
      const path = join("reports", folder, file);
      const r = await parse(dir, path, "Report", xmlReport);
      reports.push({
        developerName: m[1]!,
        folder,
        file: path,
        name: r.name,
        description: r.description ?? null,
        format: r.format,
        reportType: r.reportType,
        columns: r.columns.map((c) => ({ field: c.field, aggregates: c.aggregateTypes })),
        groupingsDown: r.groupingsDown.map((g) => ({ field: g.field, sortOrder: g.sortOrder })),
        groupingsAcross: r.groupingsAcross.map((g) => ({ field: g.field, sortOrder: g.sortOrder })),
        filters: r.filter?.criteriaItems ?? [],
        booleanFilter: r.filter?.booleanFilter ?? null,
        showDetails: r.showDetails,
        showGrandTotal: r.showGrandTotal,
        showSubTotals: r.showSubTotals,
        sortColumn: r.sortColumn ?? null,
        sortOrder: r.sortOrder ?? null,
        dateColumn: r.timeFrameFilter?.dateColumn ?? null,
      });
    }
  }
  return { reportTypes, reports };
}
