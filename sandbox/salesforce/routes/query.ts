// query / queryAll with nextRecordsUrl paging.
// https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query
// https://developer.salesforce.com/docs/platform/api-rest/guide/resources-queryall.html
// https://developer.salesforce.com/docs/platform/api-rest/guide/headers-queryoptions.html
import { type ApiRequest, type ApiResponse, apiError, json, type Router } from "../http.ts";
import { CURSOR_LIFETIME_MS, type QueryCursor, type Runtime, rememberCursor } from "../runtime.ts";
import { Compiler, SoqlError } from "../soql/compile.ts";
import { execute, render } from "../soql/execute.ts";

function batchSize(req: ApiRequest, rt: Runtime): number {
  const header = req.headers["sforce-query-options"];
  const m = header ? /batchSize\s*=\s*(\d+)/i.exec(header) : null;
  if (!m) return rt.opts.batchSize;
  return Math.min(2000, Math.max(200, Number(m[1])));
}

function page(
  rt: Runtime,
  req: ApiRequest,
  cursorId: string,
  cursor: QueryCursor,
  offset: number,
): ApiResponse {
  const size = batchSize(req, rt);
  const end = Math.min(cursor.rows.length, offset + size);
  const slice = cursor.rows.slice(offset, end);
  const records = cursor.plan.aggregate
    ? slice
    : slice.map((rec) => render(rt.org, cursor.plan, rec as never, req.version));
  const done = end >= cursor.rows.length;
  const body: Record<string, unknown> = { totalSize: cursor.rows.length, done };
  // Locators carry no "/" and no version: jsforce pages with GET {its version}/query/{locator}.
  if (!done)
    body.nextRecordsUrl = `/services/data/${req.version}/${cursor.queryAll ? "queryAll" : "query"}/${cursorId}-${end}`;
  body.records = records;
  return json(200, body);
}

function runQuery(req: ApiRequest, rt: Runtime, queryAll: boolean): ApiResponse {
  const q = req.query.q;
  if (q === undefined) return apiError(400, "MALFORMED_QUERY", "SOQL statements cannot be empty or null");
  try {
    const plan = new Compiler(rt.org, q, rt.now()).compile();
    const outcome = execute(rt.org, plan, queryAll);
    if (plan.countOnly) return json(200, { totalSize: outcome.totalSize, done: true, records: [] });
    const cursorId = rt.org.ids.next("01g");
    const cursor: QueryCursor = { plan, rows: outcome.rows, queryAll, createdAt: rt.now() };
    rememberCursor(rt, cursorId, cursor);
    return page(rt, req, cursorId, cursor, 0);
  } catch (error) {
    if (error instanceof SoqlError) return apiError(400, error.errorCode, error.message);
    throw error;
  }
}

function more(req: ApiRequest, rt: Runtime): ApiResponse {
  const locator = req.params.locator ?? "";
  const dash = locator.lastIndexOf("-");
  const cursorId = locator.slice(0, dash);
  const offset = Number(locator.slice(dash + 1));
  const cursor = rt.cursors.get(cursorId);
  if (
    dash < 0 ||
    !cursor ||
    rt.now() - cursor.createdAt > CURSOR_LIFETIME_MS ||
    !Number.isInteger(offset) ||
    offset < 0 ||
    offset > cursor.rows.length
  ) {
    return apiError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
  }
  return page(rt, req, cursorId, cursor, offset);
}

export function registerQuery(router: Router): void {
  router.add("GET", "/query", (req, rt) => runQuery(req, rt, false));
  router.add("GET", "/queryAll", (req, rt) => runQuery(req, rt, true));
  // The cursor remembers whether it came from queryAll, whichever path pages it.
  router.add("GET", "/query/:locator", more);
  router.add("GET", "/queryAll/:locator", more);
}
