// sObject basic info, describe, single-record CRUD, upsert by external id, getUpdated/getDeleted.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_basic_info.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm
// https://developer.salesforce.com/docs/platform/api-rest/guide/resources-getupdated.md
// https://developer.salesforce.com/docs/platform/api-rest/guide/dome-get-deleted.md
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
import { describeGlobal, describeObject, globalEntry } from "../schema/describe.ts";
import type { ObjectDef } from "../schema/types.ts";
import { formatDateTime, parseDateTime } from "../values.ts";
import { renderRecord } from "./records.ts";

function objectOf(req: ApiRequest, rt: Runtime): ObjectDef | undefined {
  return rt.org.table(req.params.type ?? "")?.def;
}

function isRecordBody(body: unknown): body is Record<string, unknown> {
  return typeof body === "object" && body !== null && !Array.isArray(body);
}

function badBody(): ApiResponse {
  return apiError(400, "JSON_PARSER_ERROR", "The request body is either invalid or incomplete");
}

/** Single-record writes answer errors as a top-level array (errorCode, not statusCode). */
function writeError(result: Extract<WriteResult, { ok: false }>): ApiResponse {
  return fromRecordErrors(400, result.errors);
}

function recordById(rt: Runtime, def: ObjectDef, id: string) {
  const id18 = normalizeId(id);
  if (!id18?.startsWith(def.keyPrefix)) return undefined;
  return rt.org.table(def.name)?.rows.get(id18);
}

function fieldsParam(req: ApiRequest): string[] | undefined {
  return req.query.fields ? req.query.fields.split(",").map((s) => s.trim()) : undefined;
}

/** Unknown names in `?fields=` are an INVALID_FIELD error, as on the platform. */
function unknownField(def: ObjectDef, fields: string[] | undefined): ApiResponse | null {
  const bad = fields?.find((name) => !def.byName.has(name.toLowerCase()));
  return bad === undefined
    ? null
    : apiError(
        400,
        "INVALID_FIELD",
        `No such column '${bad}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
}

function window(req: ApiRequest): { start: number; end: number } | ApiResponse {
  const start = req.query.start ? parseDateTime(req.query.start) : null;
  const end = req.query.end ? parseDateTime(req.query.end) : null;
  if (start === null || end === null)
    return apiError(400, "INVALID_REPLICATION_DATE", "start and end must be valid dateTimes");
  if (end < start)
    return apiError(400, "INVALID_REPLICATION_DATE", "The end date must be after the start date");
  return { start, end };
}

export function registerSObjects(router: Router): void {
  router.add("GET", "/sobjects", (req, rt) => json(200, describeGlobal(rt.org, req.version)));

  router.add("GET", "/sobjects/:type", (req, rt) => {
    const def = objectOf(req, rt);
    if (!def) return notFound();
    const table = rt.org.table(def.name)!;
    const recent = [...table.rows.values()]
      .slice(-10)
      .map((r) => renderRecord(def, r, req.version, ["Id", "Name"]));
    return json(200, { objectDescribe: globalEntry(def, req.version), recentItems: recent });
  });

  router.add("GET", "/sobjects/:type/describe", (req, rt) => {
    const def = objectOf(req, rt);
    return def ? json(200, describeObject(rt.org, def, req.version)) : notFound();
  });

  router.add("POST", "/sobjects/:type", (req, rt) => {
    const def = objectOf(req, rt);
    if (!def) return notFound();
    if (!isRecordBody(req.body)) return badBody();
    const result = rt.org.create(def.name, req.body, { userId: req.userId, mode: "json" });
    if (!result.ok) return writeError(result);
    return json(201, { id: result.id, success: true, errors: [] });
  });

  // Registered before /sobjects/:type/:id so the literal segments win.
  for (const kind of ["updated", "deleted"] as const) {
    router.add("GET", `/sobjects/:type/${kind}`, (req, rt) => {
      const def = objectOf(req, rt);
      if (!def) return notFound();
      const w = window(req);
      if ("status" in w) return w;
      const table = rt.org.table(def.name)!;
      // Salesforce truncates to whole minutes and covers up to the end of the window.
      const latest = formatDateTime(Math.floor(Math.min(w.end, rt.now()) / 60_000) * 60_000);
      if (kind === "updated") {
        const ids: string[] = [];
        for (const rec of table.rows.values()) {
          const stamp = rec.SystemModstamp as number;
          if (!rec.IsDeleted && stamp >= w.start && stamp <= w.end) ids.push(rec.Id);
        }
        return json(200, { ids, latestDateCovered: latest });
      }
      const deletedRecords: { id: string; deletedDate: string }[] = [];
      let earliest = w.start;
      for (const [id, at] of table.deletedAt) {
        earliest = Math.min(earliest, at);
        if (at >= w.start && at <= w.end) deletedRecords.push({ id, deletedDate: formatDateTime(at) });
      }
      return json(200, {
        deletedRecords,
        earliestDateAvailable: formatDateTime(earliest),
        latestDateCovered: latest,
      });
    });
  }

  router.add("GET", "/sobjects/:type/:id", (req, rt) => {
    const def = objectOf(req, rt);
    if (!def) return notFound();
    const rec = recordById(rt, def, req.params.id ?? "");
    if (!rec) {
      return apiError(
        404,
        "NOT_FOUND",
        `Provided external ID field does not exist or is not accessible: ${req.params.id}`,
      );
    }
    if (rec.IsDeleted) return apiError(404, "ENTITY_IS_DELETED", "entity is deleted");
    const fields = fieldsParam(req);
    return unknownField(def, fields) ?? json(200, renderRecord(def, rec, req.version, fields));
  });

  router.add("PATCH", "/sobjects/:type/:id", (req, rt) => {
    const def = objectOf(req, rt);
    if (!def) return notFound();
    if (!isRecordBody(req.body)) return badBody();
    const rec = recordById(rt, def, req.params.id ?? "");
    if (!rec) return notFound();
    if (rec.IsDeleted) return apiError(404, "ENTITY_IS_DELETED", "entity is deleted");
    const result = rt.org.update(def.name, rec.Id, req.body, { userId: req.userId, mode: "json" });
    return result.ok ? { status: 204, type: "empty" } : writeError(result);
  });

  router.add("DELETE", "/sobjects/:type/:id", (req, rt) => {
    const def = objectOf(req, rt);
    if (!def) return notFound();
    const rec = recordById(rt, def, req.params.id ?? "");
    if (!rec) return notFound();
    if (rec.IsDeleted) return apiError(404, "ENTITY_IS_DELETED", "entity is deleted");
    const result = rt.org.remove(def.name, rec.Id, { userId: req.userId, mode: "json" });
    return result.ok ? { status: 204, type: "empty" } : writeError(result);
  });

  router.add("GET", "/sobjects/:type/:field/:value", (req, rt) => {
    const def = objectOf(req, rt);
    if (!def) return notFound();
    const f = def.byName.get((req.params.field ?? "").toLowerCase());
    if (!f?.idLookup) {
      return apiError(
        404,
        "NOT_FOUND",
        `Provided external ID field does not exist or is not accessible: ${req.params.field}`,
      );
    }
    const ids = rt.org.lookupKey(rt.org.table(def.name)!, f.name, req.params.value ?? "");
    if (ids.length === 0) return notFound();
    if (ids.length > 1)
      return json(
        300,
        ids.map((id) => `/services/data/${req.version}/sobjects/${def.name}/${id}`),
      );
    const rec = rt.org.table(def.name)!.rows.get(ids[0]!)!;
    const fields = fieldsParam(req);
    return unknownField(def, fields) ?? json(200, renderRecord(def, rec, req.version, fields));
  });

  // Upsert: 201 + created:true when inserted, 200 + created:false when updated (API 46.0+).
  router.add("PATCH", "/sobjects/:type/:field/:value", (req, rt) => {
    const def = objectOf(req, rt);
    if (!def) return notFound();
    if (!isRecordBody(req.body)) return badBody();
    if (req.query.updateOnly === "true") {
      const table = rt.org.table(def.name)!;
      const f = def.byName.get((req.params.field ?? "").toLowerCase());
      if (f && rt.org.lookupKey(table, f.name, req.params.value ?? "").length === 0) return notFound();
    }
    const result = rt.org.upsert(def.name, req.params.field ?? "", req.params.value ?? "", req.body, {
      userId: req.userId,
      mode: "json",
    });
    if ("ambiguous" in result) {
      return json(
        300,
        result.ambiguous.map((id) => `/services/data/${req.version}/sobjects/${def.name}/${id}`),
      );
    }
    if (!result.ok) {
      const first = result.errors[0];
      if (first?.statusCode === "NOT_FOUND") return apiError(404, "NOT_FOUND", first.message);
      return writeError(result);
    }
    return json(result.created ? 201 : 200, {
      id: result.id,
      success: true,
      errors: [],
      created: result.created,
    });
  });
}
