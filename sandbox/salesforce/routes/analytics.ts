// The Reports REST API for the package's reports (read from its report XML at start): list,
// describe and Execute Sync (GET runs the saved report, POST runs it with the reportMetadata sent,
// e.g. other filters, without saving). A report is addressed by its id (00O…) or, as a sandbox
// convenience, by its developer name.
// https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/sforce_analytics_rest_api_list_recentreports.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/sforce_analytics_rest_api_getreportrundata.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/sforce_analytics_rest_api_getbasic_reportmetadata.htm
import { z } from "zod";
import { REPORT_OPERATORS } from "../../../connectors/salesforce/report-definitions.ts";
import { reportMetadata, runReport } from "../analytics/run-report.ts";
import { type ApiRequest, apiError, json, notFound, type Router } from "../http.ts";
import { normalizeId } from "../ids.ts";
import type { PackageReport, Runtime } from "../runtime.ts";
import type { Rec } from "../schema/types.ts";

/** What a POST may send: the parts of reportMetadata the sandbox applies; others are ignored. */
const runBody = z.object({
  reportMetadata: z
    .object({
      reportFilters: z
        .array(
          z.object({
            column: z.string(),
            operator: z.enum(REPORT_OPERATORS),
            value: z.union([z.string(), z.number(), z.boolean()]).transform(String).default(""),
          }),
        )
        .optional(),
      reportBooleanFilter: z.string().nullable().optional(),
      detailColumns: z.array(z.string()).optional(),
    })
    .passthrough(),
});

function find(rt: Runtime, idOrName: string): PackageReport | undefined {
  const id = normalizeId(idOrName);
  if (id) return rt.reports.get(id);
  for (const r of rt.reports.values()) if (r.def.developerName === idOrName) return r;
  return undefined;
}

function urls(version: string, id: string) {
  const url = `/services/data/${version}/analytics/reports/${id}`;
  return { url, describeUrl: `${url}/describe`, instancesUrl: `${url}/instances` };
}

function records(rt: Runtime, object: string): Rec[] {
  const table = rt.org.table(object);
  return table ? [...table.rows.values()].filter((r) => !r.IsDeleted) : [];
}

/** The report with its report type and base object, or the answer why it cannot run. */
function runnable(rt: Runtime, idOrName: string) {
  const report = find(rt, idOrName);
  if (!report) return { error: notFound() };
  const { type } = report;
  if (!type)
    return {
      error: apiError(
        400,
        "BAD_REQUEST",
        `Report type ${report.def.reportType} is not in the package; the sandbox runs reports over the package's report types.`,
      ),
    };
  const object = rt.org.table(type.baseObject)?.def;
  if (!object)
    return {
      error: apiError(
        400,
        "BAD_REQUEST",
        `Report type ${type.developerName}: unknown object ${type.baseObject}.`,
      ),
    };
  return { report, type, object };
}

function execute(req: ApiRequest, rt: Runtime, overrides?: z.output<typeof runBody>["reportMetadata"]) {
  const found = runnable(rt, req.params.id ?? "");
  if ("error" in found) return found.error;
  const { report, type, object } = found;
  const result = runReport({
    def: report.def,
    type,
    id: report.id,
    object,
    records: records(rt, object.name),
    name: (id) => {
      const found = rt.org.find(id);
      return found && typeof found.rec.Name === "string" ? found.rec.Name : null;
    },
    today: Math.floor(rt.now() / 86_400_000),
    includeDetails: req.query.includeDetails === "true",
    version: req.version,
    ...(overrides
      ? {
          overrides: {
            ...(overrides.reportFilters ? { reportFilters: overrides.reportFilters } : {}),
            ...(overrides.reportBooleanFilter !== undefined
              ? { reportBooleanFilter: overrides.reportBooleanFilter }
              : {}),
            ...(overrides.detailColumns ? { detailColumns: overrides.detailColumns } : {}),
          },
        }
      : {}),
  });
  return result.ok ? json(200, result.body) : apiError(result.status, result.errorCode, result.message);
}

export function registerAnalytics(router: Router): void {
  router.add("GET", "/analytics/reports", (req, rt) =>
    json(
      200,
      [...rt.reports.values()].map((r) => ({ id: r.id, name: r.def.name, ...urls(req.version, r.id) })),
    ),
  );
  router.add("GET", "/analytics/reports/:id", (req, rt) => execute(req, rt));
  router.add("POST", "/analytics/reports/:id", (req, rt) => {
    const body = runBody.safeParse(req.body ?? {});
    if (!body.success) {
      const problems = body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      return apiError(400, "BAD_REQUEST", `Invalid reportMetadata: ${problems}`);
    }
    return execute(req, rt, body.data.reportMetadata);
  });
  router.add("GET", "/analytics/reports/:id/describe", (req, rt) => {
    const found = runnable(rt, req.params.id ?? "");
    if ("error" in found) return found.error;
    const { report, type, object } = found;
    const columns: Record<string, unknown> = {};
    for (const c of type.columns) {
      const field = object.byName.get(c.field.toLowerCase());
      columns[`${c.table}$${c.field}`] = {
        dataType: field?.type ?? "string",
        filterable: true,
        isCustom: c.field.endsWith("__c"),
        isLookup: field?.type === "reference",
        label: field?.label ?? c.field,
      };
    }
    const { url: _url, ...rest } = urls(req.version, report.id);
    return json(200, {
      attributes: { ...rest, reportId: report.id, reportName: report.def.name, type: "Report" },
      reportMetadata: reportMetadata({ def: report.def, type, id: report.id }),
      reportTypeMetadata: { categories: [{ label: type.label, columns }] },
    });
  });
}
