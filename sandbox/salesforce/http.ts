// The emulator's own tiny router for everything under /services/data/vXX.X: handlers are plain
// functions from a request value to a response value, so composite subrequests can be dispatched
// in-process exactly like top-level calls.
import type { Runtime } from "./runtime.ts";
import type { RecordError } from "./values.ts";

export interface ApiRequest {
  method: string;
  /** Path after `/services/data/vXX.X`, starting with `/`, without query string. */
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** `vNN.N` as requested. */
  version: string;
  userId: string;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** `json` (default), `csv` (body is a string) or `empty`. */
  type?: "json" | "csv" | "empty";
}

export type Handler = (req: ApiRequest, rt: Runtime) => ApiResponse | Promise<ApiResponse>;

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: Handler;
}

/** Top-level REST error body: an array of `{message, errorCode, fields?}`.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm */
export function apiError(status: number, errorCode: string, message: string, fields?: string[]): ApiResponse {
  return { status, body: [fields ? { message, errorCode, fields } : { message, errorCode }] };
}

export function fromRecordErrors(status: number, errors: RecordError[]): ApiResponse {
  return {
    status,
    body: errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })),
  };
}

export const notFound = (): ApiResponse =>
  apiError(404, "NOT_FOUND", "The requested resource does not exist");

export function json(status: number, body: unknown, headers?: Record<string, string>): ApiResponse {
  return headers ? { status, body, headers } : { status, body };
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): void {
    this.routes.push({ method, pattern, segments: pattern.split("/").filter(Boolean), handler });
  }

  /** The matching route and its params; `methodMismatch` when only the method is wrong (405). */
  match(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | { route: null; methodMismatch: boolean } {
    const parts = path.split("/").filter(Boolean);
    let methodMismatch = false;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i]!;
        const part = parts[i]!;
        if (seg.startsWith(":")) params[seg.slice(1)] = decodeURIComponent(part);
        else if (seg.toLowerCase() !== part.toLowerCase()) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      return { route, params };
    }
    return { route: null, methodMismatch };
  }

  /** In-process dispatch for composite subrequests; every such handler is synchronous. */
  dispatchSync(req: Omit<ApiRequest, "params">, rt: Runtime): ApiResponse {
    const found = this.match(req.method, req.path);
    if (!found.route)
      return found.methodMismatch
        ? apiError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${req.method}' not allowed`)
        : notFound();
    const response = found.route.handler({ ...req, params: found.params }, rt);
    if (response instanceof Promise)
      return apiError(400, "INVALID_API_INPUT", "This resource is not supported in composite");
    return response;
  }

  async dispatch(
    req: Omit<ApiRequest, "params">,
    rt: Runtime,
  ): Promise<{ response: ApiResponse; pattern: string }> {
    const found = this.match(req.method, req.path);
    if (!found.route) {
      const response = found.methodMismatch
        ? apiError(
            405,
            "METHOD_NOT_ALLOWED",
            `HTTP Method '${req.method}' not allowed. Allowed are GET,HEAD,PATCH,POST,DELETE`,
          )
        : notFound();
      return { response, pattern: "(unmatched)" };
    }
    const response = await found.route.handler({ ...req, params: found.params }, rt);
    return { response, pattern: found.route.pattern };
  }
}
