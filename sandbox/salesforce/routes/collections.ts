// sObject Collections: create / update / upsert / delete / retrieve up to 200 records per call.
// https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-create.html
// https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_delete.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_retrieve.htm
import {
  type ApiRequest,
  type ApiResponse,
  apiError,
  fromRecordErrors,
  json,
  notFound,
  type Router,
} from "../http.ts";
import { normalizeId } from "../ids.ts";
import type { WriteResult } from "../org-state.ts";
import type { Runtime } from "../runtime.ts";
import { recordError } from "../values.ts";
import { renderRecord, saveResult } from "./records.ts";

export const MAX_COLLECTION = 200;

const ROLLED_BACK = recordError(
  "ALL_OR_NONE_OPERATION_ROLLED_BACK",
  "Record rolled back because not all records were valid and the request was using AllOrNone header",
);

type Op = (index: number) => WriteResult | { ok: false; ambiguous: string[] };

function tooMany(): ApiResponse {
  return apiError(
    400,
    "EXCEEDED_ID_LIMIT",
    `record limit reached. cannot submit more than ${MAX_COLLECTION} records into this call`,
  );
}

/**
 * Runs the per-record ops in one transaction. Deserialization errors fail the whole request (400);
 * with allOrNone any failure rolls everything back and marks the others ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
function runBatch(rt: Runtime, count: number, allOrNone: boolean, withCreated: boolean, op: Op): ApiResponse {
  return rt.org.atomic(() => {
    const results: WriteResult[] = [];
    for (let i = 0; i < count; i++) {
      let result = op(i);
      if ("ambiguous" in result) {
        result = {
          ok: false,
          fatal: false,
          errors: [
            recordError(
              "DUPLICATE_EXTERNAL_ID",
              `Foreign key external ID matched more than one record: ${result.ambiguous.join(", ")}`,
            ),
          ],
        };
      }
      if (!result.ok && result.fatal) return { commit: false, value: fromRecordErrors(400, result.errors) };
      results.push(result);
    }
    const failed = results.some((r) => !r.ok);
    if (allOrNone && failed) {
      const body = results.map((r) => {
        if (!r.ok) return saveResult(r, withCreated);
        const out: Record<string, unknown> = { success: false, errors: [ROLLED_BACK] };
        if (!r.created) out.id = r.id;
        return withCreated ? { ...out, created: false } : out;
      });
      return { commit: false, value: json(200, body) };
    }
    return {
      commit: true,
      value: json(
        200,
        results.map((r) => saveResult(r, withCreated)),
      ),
    };
  });
}

function lockError(rt: Runtime, id: string | undefined): WriteResult | null {
  if (!rt.faults.recordFault()) return null;
  return {
    ok: false,
    fatal: false,
    errors: [
      recordError(
        "UNABLE_TO_LOCK_ROW",
        `unable to obtain exclusive access to this record or 1 records: ${id ?? ""}`,
      ),
    ],
  };
}

function recordsOf(
  req: ApiRequest,
): { records: Record<string, unknown>[]; allOrNone: boolean } | ApiResponse {
  const body = req.body as { records?: unknown; allOrNone?: unknown } | undefined;
  if (!body || !Array.isArray(body.records)) {
    return apiError(400, "JSON_PARSER_ERROR", "The request body is either invalid or incomplete");
  }
  if (body.records.length > MAX_COLLECTION) return tooMany();
  if (body.records.some((r) => typeof r !== "object" || r === null || Array.isArray(r))) {
    return apiError(400, "JSON_PARSER_ERROR", "The request body is either invalid or incomplete");
  }
  return { records: body.records as Record<string, unknown>[], allOrNone: body.allOrNone === true };
}

function typeOf(record: Record<string, unknown>): string | undefined {
  const attributes = record.attributes as { type?: unknown } | undefined;
  return typeof attributes?.type === "string" ? attributes.type : undefined;
}

const noType = (): WriteResult => ({
  ok: false,
  fatal: false,
  errors: [recordError("INVALID_TYPE", "Must specify a type in the attributes field of each record")],
});

export function registerCollections(router: Router): void {
  router.add("POST", "/composite/sobjects", (req, rt) => {
    const parsed = recordsOf(req);
    if ("status" in parsed) return parsed;
    const { records, allOrNone } = parsed;
    return runBatch(rt, records.length, allOrNone, false, (i) => {
      const record = records[i]!;
      const type = typeOf(record);
      if (!type) return noType();
      if (record.id !== undefined || record.Id !== undefined) {
        return {
          ok: false,
          fatal: false,
          errors: [recordError("INVALID_FIELD", "cannot specify Id in an insert call", ["Id"])],
        };
      }
      return lockError(rt, undefined) ?? rt.org.create(type, record, { userId: req.userId, mode: "json" });
    });
  });

  router.add("PATCH", "/composite/sobjects", (req, rt) => {
    const parsed = recordsOf(req);
    if ("status" in parsed) return parsed;
    const { records, allOrNone } = parsed;
    return runBatch(rt, records.length, allOrNone, false, (i) => {
      const record = records[i]!;
      const type = typeOf(record);
      if (!type) return noType();
      const id = record.id ?? record.Id;
      if (typeof id !== "string") {
        return {
          ok: false,
          fatal: false,
          errors: [recordError("MISSING_ARGUMENT", "Id not specified in an update call", [])],
        };
      }
      return (
        lockError(rt, normalizeId(id) ?? id) ??
        rt.org.update(type, id, record, { userId: req.userId, mode: "json" })
      );
    });
  });

  router.add("PATCH", "/composite/sobjects/:type/:field", (req, rt) => {
    const parsed = recordsOf(req);
    if ("status" in parsed) return parsed;
    const { records, allOrNone } = parsed;
    const table = rt.org.table(req.params.type ?? "");
    if (!table) return notFound();
    const f = table.def.byName.get((req.params.field ?? "").toLowerCase());
    if (!f || !(f.externalId || f.idLookup)) {
      return apiError(
        404,
        "NOT_FOUND",
        `Provided external ID field does not exist or is not accessible: ${req.params.field}`,
      );
    }
    return runBatch(rt, records.length, allOrNone, true, (i) => {
      const record = records[i]!;
      const entry = Object.entries(record).find(([k]) => k.toLowerCase() === f.name.toLowerCase());
      const value = entry?.[1];
      if (value === undefined || value === null || value === "") {
        return {
          ok: false,
          fatal: false,
          errors: [recordError("MISSING_ARGUMENT", `${f.name} not specified`, [])],
        };
      }
      return (
        lockError(rt, undefined) ??
        rt.org.upsert(table.def.name, f.name, String(value), record, { userId: req.userId, mode: "json" })
      );
    });
  });

  router.add("DELETE", "/composite/sobjects", (req, rt) => {
    const ids = (req.query.ids ?? "").split(",").filter((s) => s !== "");
    if (ids.length === 0) return apiError(400, "MISSING_ARGUMENT", "ids parameter is required");
    if (ids.length > MAX_COLLECTION) return tooMany();
    const allOrNone = req.query.allOrNone === "true";
    return runBatch(rt, ids.length, allOrNone, false, (i) => {
      const id = ids[i]!;
      return lockError(rt, id) ?? rt.org.remove(undefined, id, { userId: req.userId, mode: "json" });
    });
  });

  const retrieve = (req: ApiRequest, rt: Runtime, ids: unknown, fields: unknown): ApiResponse => {
    const table = rt.org.table(req.params.type ?? "");
    if (!table) return notFound();
    if (!Array.isArray(ids) || !Array.isArray(fields) || fields.length === 0) {
      return apiError(400, "JSON_PARSER_ERROR", "The request body is either invalid or incomplete");
    }
    if (ids.length > 2000) return tooMany();
    for (const name of fields) {
      if (typeof name !== "string" || !table.def.byName.has(name.toLowerCase())) {
        return apiError(
          400,
          "INVALID_FIELD",
          `No such column '${String(name)}' on entity '${table.def.name}'.`,
        );
      }
    }
    return json(
      200,
      ids.map((id) => {
        const id18 = typeof id === "string" ? normalizeId(id) : null;
        const rec = id18 ? table.rows.get(id18) : undefined;
        return rec && !rec.IsDeleted ? renderRecord(table.def, rec, req.version, fields as string[]) : null;
      }),
    );
  };

  router.add("POST", "/composite/sobjects/:type", (req, rt) => {
    const body = req.body as { ids?: unknown; fields?: unknown } | undefined;
    return retrieve(req, rt, body?.ids, body?.fields);
  });

  router.add("GET", "/composite/sobjects/:type", (req, rt) =>
    retrieve(
      req,
      rt,
      (req.query.ids ?? "").split(",").filter(Boolean),
      (req.query.fields ?? "").split(",").filter(Boolean),
    ),
  );
}
