// Composite: up to 25 subrequests in one call, later ones referencing earlier results with
// @{referenceId.path}; allOrNone rolls every write back on the first failure.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/requests_composite.htm
import { type ApiResponse, apiError, json, type Router } from "../http.ts";

const MAX_SUBREQUESTS = 25;
const REFERENCE = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g;

interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

class MissingReference extends Error {}

function lookup(results: Map<string, unknown>, ref: string, path: string): unknown {
  if (!results.has(ref)) throw new MissingReference(`${ref}${path}`);
  let cur: unknown = results.get(ref);
  for (const m of path.matchAll(/\.([A-Za-z0-9_]+)|\[(\d+)\]/g)) {
    const key = m[1] ?? Number(m[2]);
    cur =
      typeof cur === "object" && cur !== null ? (cur as Record<string | number, unknown>)[key] : undefined;
  }
  if (cur === undefined) throw new MissingReference(`${ref}${path}`);
  return cur;
}

function substitute(value: unknown, results: Map<string, unknown>): unknown {
  if (typeof value === "string") {
    const whole = /^@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}$/.exec(value);
    if (whole) return lookup(results, whole[1]!, whole[2]!);
    return value.replace(REFERENCE, (_, ref: string, path: string) => String(lookup(results, ref, path)));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, results));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results)]));
  }
  return value;
}

const HALTED = {
  errorCode: "PROCESSING_HALTED",
  message: "The transaction was rolled back since another operation in the same transaction failed.",
};

export function registerComposite(router: Router): void {
  router.add("POST", "/composite", (req, rt) => {
    const body = req.body as { allOrNone?: unknown; compositeRequest?: unknown } | undefined;
    const list = body?.compositeRequest;
    if (!Array.isArray(list))
      return apiError(400, "JSON_PARSER_ERROR", "The request body is either invalid or incomplete");
    if (list.length > MAX_SUBREQUESTS) {
      return apiError(
        400,
        "INVALID_API_INPUT",
        `Maximum number of subrequests allowed is ${MAX_SUBREQUESTS}`,
      );
    }
    const seen = new Set<string>();
    for (const sub of list as Subrequest[]) {
      if (
        typeof sub?.referenceId !== "string" ||
        !/^[A-Za-z0-9_]+$/.test(sub.referenceId) ||
        seen.has(sub.referenceId)
      ) {
        return apiError(400, "INVALID_API_INPUT", "Invalid or duplicate referenceId in subrequest");
      }
      seen.add(sub.referenceId);
      if (typeof sub.method !== "string" || typeof sub.url !== "string") {
        return apiError(400, "INVALID_API_INPUT", "Each subrequest needs a method and a url");
      }
      const headers = Object.keys(sub.httpHeaders ?? {}).map((h) => h.toLowerCase());
      if (headers.some((h) => h === "accept" || h === "authorization" || h === "content-type")) {
        return apiError(
          400,
          "INVALID_API_INPUT",
          "Accept, Authorization and Content-Type headers are not allowed in subrequests",
        );
      }
    }
    const allOrNone = body?.allOrNone === true;
    return rt.org.atomic(() => {
      const results = new Map<string, unknown>();
      const out: Record<string, unknown>[] = [];
      let failedAt = -1;
      for (const [i, sub] of (list as Subrequest[]).entries()) {
        let response: ApiResponse;
        try {
          const url = substitute(sub.url, results) as string;
          const m = /^\/services\/data\/(v\d+\.\d)(\/[^?]*)(?:\?(.*))?$/.exec(url);
          if (!m) response = apiError(400, "INVALID_API_INPUT", `Invalid url: ${url}`);
          else {
            const query = Object.fromEntries(new URLSearchParams(m[3] ?? ""));
            response = router.dispatchSync(
              {
                method: sub.method.toUpperCase(),
                path: m[2]!,
                query,
                headers: Object.fromEntries(
                  Object.entries(sub.httpHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
                ),
                body: substitute(sub.body, results),
                version: m[1]!,
                userId: req.userId,
              },
              rt,
            );
          }
        } catch (error) {
          if (!(error instanceof MissingReference)) throw error;
          response = apiError(
            400,
            "PROCESSING_HALTED",
            `Invalid reference specified. No value for ${error.message} found in ${sub.referenceId}. Provided referenceId ids, ${[...results.keys()].join(", ")}`,
          );
        }
        const httpHeaders: Record<string, string> = { ...(response.headers ?? {}) };
        const created = response.body as { id?: unknown } | undefined;
        if (response.status === 201 && typeof created?.id === "string") {
          const type = /\/sobjects\/([^/]+)/.exec(sub.url)?.[1];
          const version = /^\/services\/data\/(v\d+\.\d)\//.exec(sub.url)?.[1] ?? req.version;
          if (type) httpHeaders.Location = `/services/data/${version}/sobjects/${type}/${created.id}`;
        }
        out.push({
          body: response.body ?? null,
          httpHeaders,
          httpStatusCode: response.status,
          referenceId: sub.referenceId,
        });
        if (response.status < 400) results.set(sub.referenceId, response.body);
        else if (allOrNone) {
          failedAt = i;
          break;
        }
      }
      if (failedAt >= 0) {
        const all = (list as Subrequest[]).map((sub, i) =>
          i === failedAt
            ? out[i]
            : { body: [HALTED], httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId },
        );
        return { commit: false, value: json(200, { compositeResponse: all }) };
      }
      return { commit: true, value: json(200, { compositeResponse: out }) };
    });
  });
}
