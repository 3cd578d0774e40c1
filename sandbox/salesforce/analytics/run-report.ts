// Runs one of the package's reports over the org's records and answers as the Reports REST API's
// Execute Sync does: the fact map (aggregates per grouping, keys "0!T", "0_1!T", "0!1", "T!T";
// detail rows at the innermost groupings), groupingsDown / groupingsAcross, reportMetadata (with
// the filters it ran with) and reportExtendedMetadata. Tabular, summary and matrix formats; Sum,
// Average, Maximum, Minimum and the record count; the filters of filters.ts.
// https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/sforce_analytics_rest_api_getreportrundata.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/sforce_analytics_rest_api_factmap_example.htm
import type {
  ReportDefinition,
  ReportFilter,
  ReportTypeDefinition,
} from "../../../connectors/salesforce/report-definitions.ts";
import { REPORT_OPERATORS, splitColumn } from "../../../connectors/salesforce/report-definitions.ts";
import { Dec } from "../../../money/index.ts";
import type { FieldDef, ObjectDef, Rec } from "../schema/types.ts";
import { compileBooleanFilter } from "./boolean-filter.ts";
import { dataCell, jsonNumber, numberLabel, reportDataType } from "./cells.ts";
import { type FilterOperator, filterProblem, passes } from "./filters.ts";

/** Execute Sync returns at most this many detail rows (then `allData` is false). */
export const MAX_DETAIL_ROWS = 2000;

/** What a POST may change for one run (the saved report stays as it is). */
export interface RunOverrides {
  reportFilters?: ReportFilter[];
  reportBooleanFilter?: string | null;
  detailColumns?: string[];
}

export interface ReportRunInput {
  def: ReportDefinition;
  type: ReportTypeDefinition;
  /** The report's record id (00O…). */
  id: string;
  object: ObjectDef;
  /** Live records of the report type's base object. */
  records: Rec[];
  /** A referenced record's Name, for lookup labels. */
  name: (id: string) => string | null;
  /** Today, in days since the epoch (UTC), for relative date filters. */
  today: number;
  includeDetails: boolean;
  /** `v62.0`, for the URLs in `attributes`. */
  version: string;
  overrides?: RunOverrides;
}

export type ReportRunResult =
  | { ok: true; body: unknown }
  | { ok: false; status: number; errorCode: string; message: string };

const AGGREGATE_PREFIX: Record<string, string> = { Sum: "s", Average: "a", Maximum: "x", Minimum: "m" };
const AGGREGATE_LABEL: Record<string, string> = { s: "Sum", a: "Average", x: "Largest", m: "Smallest" };
const FORMAT: Record<string, string> = {
  Tabular: "TABULAR",
  Summary: "SUMMARY",
  Matrix: "MATRIX",
};

interface Aggregate {
  key: string;
  kind: "s" | "a" | "x" | "m" | "RowCount";
  field: FieldDef | null;
}

interface GroupNode {
  key: string;
  label: string;
  value: unknown;
  records: Rec[];
  children: GroupNode[];
}

class RunError extends Error {
  readonly status: number;
  readonly errorCode: string;
  constructor(status: number, errorCode: string, message: string) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}

function fieldOf(input: ReportRunInput, column: string): FieldDef {
  const split = splitColumn(column);
  const field = split ? input.object.byName.get(split.field.toLowerCase()) : undefined;
  if (!split || split.object !== input.type.baseObject || !field) {
    throw new RunError(
      400,
      "BAD_REQUEST",
      `The column ${column} is not in report type ${input.type.developerName}.`,
    );
  }
  return field;
}

/** Orders grouping values as the report shows them: by label, numbers and dates by value. */
function compareGroups(field: FieldDef, a: GroupNode, b: GroupNode): number {
  if (a.value === null) return b.value === null ? 0 : 1;
  if (b.value === null) return -1;
  if (["currency", "double", "percent", "int"].includes(field.type))
    return new Dec(String(a.value)).cmp(new Dec(String(b.value)));
  if (field.type === "date" || field.type === "datetime")
    return String(a.value) < String(b.value) ? -1 : String(a.value) > String(b.value) ? 1 : 0;
  const x = a.label.toLowerCase();
  const y = b.label.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function groupBy(
  input: ReportRunInput,
  records: Rec[],
  levels: Array<{ field: FieldDef; sortOrder: "Asc" | "Desc" }>,
  prefix: string,
): GroupNode[] {
  const [level, ...rest] = levels;
  if (!level) return [];
  const byValue = new Map<string, GroupNode>();
  for (const rec of records) {
    const stored = rec[level.field.name];
    const cell = dataCell(level.field, stored, input.name);
    const value =
      cell.value !== null && typeof cell.value === "object"
        ? (cell.value as { amount: unknown }).amount
        : cell.value;
    const k = value === null ? "\u0000" : String(value).toLowerCase();
    let node = byValue.get(k);
    if (!node) {
      node = { key: "", label: cell.label, value, records: [], children: [] };
      byValue.set(k, node);
    }
    node.records.push(rec);
  }
  const nodes = [...byValue.values()].sort((a, b) => compareGroups(level.field, a, b));
  if (level.sortOrder === "Desc") nodes.reverse();
  nodes.forEach((node, i) => {
    node.key = prefix === "" ? String(i) : `${prefix}_${i}`;
    node.children = groupBy(input, node.records, rest, node.key);
  });
  return nodes;
}

function flatten(nodes: GroupNode[]): GroupNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

function groupingsJson(nodes: GroupNode[]): unknown[] {
  return nodes.map((n) => ({
    dategroupings: [],
    groupings: groupingsJson(n.children),
    key: n.key,
    label: n.label,
    value: n.value,
  }));
}

function aggregateValues(
  aggregates: Aggregate[],
  records: Rec[],
): Array<{ label: string; value: number | null }> {
  return aggregates.map((a) => {
    if (a.kind === "RowCount")
      return { label: numberLabel(null, new Dec(records.length)), value: records.length };
    const field = a.field!;
    const values = records
      .map((r) => r[field.name])
      .filter((v) => v !== null && v !== undefined && v !== "")
      .map((v) => new Dec(String(v)));
    let result: Dec | null;
    if (a.kind === "s") result = values.reduce((sum, v) => sum.plus(v), new Dec(0));
    else if (values.length === 0) result = null;
    else if (a.kind === "a")
      result = values
        .reduce((sum, v) => sum.plus(v), new Dec(0))
        .dividedBy(values.length)
        .toDecimalPlaces(field.scale, Dec.ROUND_HALF_UP);
    else result = values.reduce((best, v) => ((a.kind === "x" ? v.gt(best) : v.lt(best)) ? v : best));
    return result === null
      ? { label: "-", value: null }
      : { label: numberLabel(field, result), value: jsonNumber(result) };
  });
}

function run(input: ReportRunInput): unknown {
  const { def, object } = input;
  const filters = input.overrides?.reportFilters ?? def.filters;
  const logic =
    input.overrides && "reportBooleanFilter" in input.overrides
      ? (input.overrides.reportBooleanFilter ?? null)
      : def.booleanFilter;
  const detailColumns = input.overrides?.detailColumns ?? def.columns.map((c) => c.field);
  if (!FORMAT[def.format])
    throw new RunError(
      400,
      "BAD_REQUEST",
      `The sandbox runs tabular, summary and matrix reports, not ${def.format}.`,
    );
  const compiled = filters.map((f) => {
    const field = fieldOf(input, f.column);
    if (!(REPORT_OPERATORS as readonly string[]).includes(f.operator))
      throw new RunError(
        400,
        "BAD_REQUEST",
        `Filter on ${f.column}: the sandbox does not run operator ${f.operator}.`,
      );
    const operator = f.operator as FilterOperator;
    const problem = filterProblem(field, operator, f.value, input.today);
    if (problem) throw new RunError(400, "BAD_REQUEST", `Filter on ${f.column}: ${problem}.`);
    return { ...f, operator, field };
  });
  const combine = compileBooleanFilter(logic, compiled.length);
  if ("error" in combine) throw new RunError(400, "BAD_REQUEST", combine.error);
  const details = detailColumns.map((c) => ({ column: c, field: fieldOf(input, c) }));
  const aggregates: Aggregate[] = [];
  for (const c of def.columns)
    for (const a of c.aggregates) {
      const kind = AGGREGATE_PREFIX[a];
      if (!kind)
        throw new RunError(400, "BAD_REQUEST", `Summary ${a} on ${c.field} is not supported by the sandbox.`);
      aggregates.push({
        key: `${kind}!${c.field}`,
        kind: kind as Aggregate["kind"],
        field: fieldOf(input, c.field),
      });
    }
  aggregates.push({ key: "RowCount", kind: "RowCount", field: null });
  const downLevels = def.groupingsDown.map((g) => ({ ...g, field: fieldOf(input, g.field) }));
  const acrossLevels = def.groupingsAcross.map((g) => ({ ...g, field: fieldOf(input, g.field) }));
  if (def.format === "Tabular" && (downLevels.length > 0 || acrossLevels.length > 0))
    throw new RunError(400, "BAD_REQUEST", "A tabular report has no groupings.");
  if (def.format !== "Matrix" && acrossLevels.length > 0)
    throw new RunError(400, "BAD_REQUEST", "Only a matrix report groups across.");

  let records = input.records.filter((rec) =>
    combine(compiled.map((f) => passes(f.field, f.operator, f.value, rec[f.field.name], input.today))),
  );
  if (def.sortColumn) {
    const field = fieldOf(input, def.sortColumn);
    const desc = def.sortOrder === "Desc";
    const key = (r: Rec) => r[field.name];
    records = [...records].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
      if (y === null || y === undefined) return -1;
      const c = ["currency", "double", "percent", "int"].includes(field.type)
        ? new Dec(String(x)).cmp(new Dec(String(y)))
        : String(x) < String(y)
          ? -1
          : String(x) > String(y)
            ? 1
            : 0;
      return desc ? -c : c;
    });
  }

  const down = groupBy(input, records, downLevels, "");
  const across = groupBy(input, records, acrossLevels, "");
  const downNodes = [{ key: "T", records, children: down } as GroupNode, ...flatten(down)];
  const acrossNodes = [{ key: "T", records, children: across } as GroupNode, ...flatten(across)];
  const withDetails = input.includeDetails && def.showDetails;
  let rowsLeft = MAX_DETAIL_ROWS;
  let allData = true;
  const factMap: Record<string, unknown> = {};
  const members = new Map(acrossNodes.map((a) => [a, new Set(a.records)]));
  for (const d of downNodes) {
    const downLeaf = d.children.length === 0;
    for (const a of acrossNodes) {
      const inCell = a.key === "T" ? d.records : d.records.filter((r) => members.get(a)!.has(r));
      const entry: { aggregates: unknown; rows?: unknown[] } = {
        aggregates: aggregateValues(aggregates, inCell),
      };
      if (downLeaf && a.children.length === 0 && withDetails) {
        const rows = inCell.slice(0, Math.max(0, rowsLeft));
        if (rows.length < inCell.length) allData = false;
        rowsLeft -= rows.length;
        entry.rows = rows.map((r) => ({
          dataCells: details.map((c) => dataCell(c.field, r[c.field.name], input.name)),
        }));
      } else entry.rows = [];
      factMap[`${d.key}!${a.key}`] = entry;
    }
  }

  const base = `/services/data/${input.version}/analytics/reports/${input.id}`;
  const groupingColumnInfo: Record<string, unknown> = {};
  downLevels.forEach((l, i) => {
    groupingColumnInfo[def.groupingsDown[i]!.field] = {
      dataType: reportDataType(l.field),
      groupingLevel: i,
      label: l.field.label,
    };
  });
  acrossLevels.forEach((l, i) => {
    groupingColumnInfo[def.groupingsAcross[i]!.field] = {
      dataType: reportDataType(l.field),
      groupingLevel: i,
      label: l.field.label,
    };
  });
  const aggregateColumnInfo: Record<string, unknown> = {};
  for (const a of aggregates) {
    aggregateColumnInfo[a.key] =
      a.kind === "RowCount"
        ? { acrossGroupingContext: null, dataType: "int", downGroupingContext: null, label: "Record Count" }
        : {
            acrossGroupingContext: null,
            dataType: reportDataType(a.field!),
            downGroupingContext: null,
            label: `${AGGREGATE_LABEL[a.kind]} of ${a.field!.label}`,
          };
  }
  const detailColumnInfo: Record<string, unknown> = {};
  for (const c of details)
    detailColumnInfo[c.column] = {
      dataType: reportDataType(c.field),
      entityColumnName: `${object.name}.${c.field.name}`,
      filterValues: [],
      filterable: true,
      isLookup: c.field.type === "reference",
      label: c.field.label,
      uniqueCountable: false,
    };
  return {
    attributes: {
      describeUrl: `${base}/describe`,
      instancesUrl: `${base}/instances`,
      reportId: input.id,
      reportName: def.name,
      type: "Report",
    },
    allData,
    factMap,
    groupingsAcross: { groupings: groupingsJson(across) },
    groupingsDown: { groupings: groupingsJson(down) },
    hasDetailRows: withDetails,
    reportExtendedMetadata: { aggregateColumnInfo, detailColumnInfo, groupingColumnInfo },
    reportMetadata: reportMetadata(input, filters, logic, detailColumns, aggregates),
  };
}

/** The report's metadata as the API describes it (what a POST may send back changed). */
export function reportMetadata(
  input: Pick<ReportRunInput, "def" | "type" | "id">,
  filters: ReportFilter[] = input.def.filters,
  logic: string | null = input.def.booleanFilter,
  detailColumns: string[] = input.def.columns.map((c) => c.field),
  aggregates: Array<{ key: string }> = [
    ...input.def.columns.flatMap((c) =>
      c.aggregates.map((a) => ({ key: `${AGGREGATE_PREFIX[a] ?? a}!${c.field}` })),
    ),
    { key: "RowCount" },
  ],
): Record<string, unknown> {
  const { def, type } = input;
  const grouping = (g: { field: string; sortOrder: string }) => ({
    dateGranularity: "None",
    name: g.field,
    sortAggregate: null,
    sortOrder: g.sortOrder,
  });
  return {
    aggregates: aggregates.map((a) => a.key),
    buckets: [],
    chart: null,
    crossFilters: [],
    currency: null,
    customDetailFormula: {},
    customSummaryFormula: {},
    description: def.description,
    detailColumns,
    developerName: def.developerName,
    division: null,
    folderId: def.folder,
    groupingsAcross: def.groupingsAcross.map(grouping),
    groupingsDown: def.groupingsDown.map(grouping),
    hasDetailRows: def.showDetails,
    hasRecordCount: true,
    historicalSnapshotDates: [],
    id: input.id,
    name: def.name,
    reportBooleanFilter: logic,
    reportFilters: filters.map((f) => ({
      column: f.column,
      filterType: "fieldValue",
      isRunPageEditable: true,
      operator: f.operator,
      value: f.value,
    })),
    reportFormat: FORMAT[def.format] ?? def.format.toUpperCase(),
    reportType: { label: type.label, type: type.developerName },
    scope: "organization",
    showGrandTotal: def.showGrandTotal,
    showSubtotals: def.showSubTotals,
    sortBy: def.sortColumn ? [{ sortColumn: def.sortColumn, sortOrder: def.sortOrder ?? "Asc" }] : [],
    standardDateFilter: { column: def.dateColumn, durationValue: "CUSTOM", endDate: null, startDate: null },
    standardFilters: [],
    supportsRoleHierarchy: false,
    userOrHierarchyFilterId: null,
  };
}

export function runReport(input: ReportRunInput): ReportRunResult {
  try {
    return { ok: true, body: run(input) };
  } catch (error) {
    if (error instanceof RunError)
      return { ok: false, status: error.status, errorCode: error.errorCode, message: error.message };
    throw error;
  }
}
