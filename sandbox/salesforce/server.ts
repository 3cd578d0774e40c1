// Local Salesforce REST API emulator that the real, unmodified jsforce talks to over loopback.
// Served at the origin root: jsforce's Bulk 2.0 builds URLs that drop any path prefix.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest.htm
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import { CallAccounting } from "../call-accounting.ts";
import { FaultInjector, type FaultPlan, valueMatches } from "../faults.ts";
import { sendRecordPage } from "../record-page.ts";
import { TokenStore } from "../tokens.ts";
import { exactNumberReviver } from "./exact-json.ts";
import { orgHandle, type SalesforceOrgHandle } from "./handle.ts";
import { type ApiResponse, apiError, Router } from "./http.ts";
import { type EmulatorOptions, emulatorOptionsSchema, faultPlan } from "./options.ts";
import { OrgState, type ValidationRule } from "./org-state.ts";
import { registerAnalytics } from "./routes/analytics.ts";
import { registerBulkIngest } from "./routes/bulk2-ingest.ts";
import { registerBulkQuery } from "./routes/bulk2-query.ts";
import { registerCollections } from "./routes/collections.ts";
import { registerComposite } from "./routes/composite.ts";
import { registerLimits } from "./routes/limits.ts";
import { identityHandler, revokeHandler, tokenHandler } from "./routes/oauth.ts";
import { registerQuery } from "./routes/query.ts";
import { registerResources, versionsList } from "./routes/resources.ts";
import { sandboxAdmin } from "./routes/sandbox-admin.ts";
import { registerSObjects } from "./routes/sobjects.ts";
import type { Runtime } from "./runtime.ts";
import { deploy } from "./schema/deploy.ts";
import { seedOrg } from "./seed.ts";

export type { SalesforceOrgHandle } from "./handle.ts";
export type { EmulatorOptions } from "./options.ts";

export interface SalesforceEmulator {
  app: express.Express;
  org: SalesforceOrgHandle;
  runtime: Runtime;
  /** Set the public base URL once listening (startSalesforceEmulator does this). */
  setUrl(url: string): void;
}

export interface RunningSalesforceEmulator {
  /** `http://127.0.0.1:PORT`, the instance URL and login URL; serves at the origin root. */
  url: string;
  org: SalesforceOrgHandle;
  /** The pre-issued access token of the integration user. */
  accessToken: string;
  close(): Promise<void>;
}

function send(res: Response, response: ApiResponse): void {
  for (const [k, v] of Object.entries(response.headers ?? {})) res.setHeader(k, v);
  if (response.type === "empty" || response.status === 204) {
    res.status(response.status).end();
    return;
  }
  if (response.type === "csv") {
    res
      .status(response.status)
      .type("text/csv; charset=UTF-8")
      .send(response.body as string);
    return;
  }
  res
    .status(response.status)
    .type("application/json;charset=UTF-8")
    .send(JSON.stringify(response.body ?? null));
}

export function buildSalesforceEmulator(input: EmulatorOptions = {}): SalesforceEmulator {
  const opts = emulatorOptionsSchema.parse(input);
  const clockObject = opts.clock;
  const clock = opts.now ?? (clockObject ? () => clockObject.now() : undefined);
  const now = clock
    ? () => {
        const t = clock();
        return typeof t === "number" ? t : t.getTime();
      }
    : () => Date.now();
  const org = new OrgState(now);
  const router = new Router();
  let baseUrl = `http://${opts.host}:${opts.port}`;
  const faults = new FaultInjector(opts.faults, faultPlan);
  const rt: Runtime = {
    org,
    opts,
    tokens: undefined as never,
    faults,
    calls: new CallAccounting(),
    usage: { used: 0 },
    cursors: new Map(),
    users: { integration: "", admin: "" },
    url: () => baseUrl,
    now,
    bulk: new Map(),
    reports: new Map(),
  };
  // Fault-injected record failures run as validation rules (FIELD_CUSTOM_VALIDATION_EXCEPTION on
  // the field), rebuilt only when the fault options change.
  let faultRules: { plan: FaultPlan; rules: ValidationRule[] } | undefined;
  org.extraRules = () => {
    const plan = faults.plan;
    if (faultRules?.plan !== plan) {
      const rules = plan.recordFailures.map((f) => ({
        object: f.object ?? "",
        field: f.field,
        message: f.message,
        reject: (value: unknown) => valueMatches(f, value),
      }));
      faultRules = { plan, rules };
    }
    return faultRules.rules;
  };
  const mkUser = (first: string, last: string, username: string, alias: string) => {
    const result = org.create(
      "User",
      {
        FirstName: first,
        LastName: last,
        Username: username,
        Email: username.replace(/@.*/, "@example.com"),
        Alias: alias,
      },
      { userId: "", mode: "backdoor" },
    );
    if (!result.ok) throw new Error("cannot create sandbox users");
    return result.id;
  };
  rt.users.admin = mkUser("Sandbox", "Admin", "admin@partner-incentives.sandbox", "sadmin");
  rt.users.integration = mkUser("Integration", "User", opts.username, "integ");
  for (const id of [rt.users.admin, rt.users.integration]) {
    org.update(
      "User",
      id,
      { CreatedById: rt.users.admin, LastModifiedById: rt.users.admin },
      { userId: rt.users.admin, mode: "backdoor" },
    );
  }

  // Salesforce access tokens start with the org id and `!`; refresh tokens with 5Aep861.
  rt.tokens = new TokenStore({
    access: () => `${org.orgId.slice(0, 15)}!${randomBytes(24).toString("base64url")}`,
    refresh: () => `5Aep861${randomBytes(24).toString("base64url")}`,
  });
  rt.tokens.issue(rt.users.integration, null, opts.accessToken);
  rt.tokens.issueRefresh(rt.users.integration, opts.refreshToken);
  deploy(org, opts.customObjects, opts.customFields);
  for (const def of opts.reports.reports) {
    const type = opts.reports.reportTypes.find((t) => t.developerName === def.reportType) ?? null;
    const id = org.ids.next("00O");
    rt.reports.set(id, { id, def, type });
  }
  for (const rule of opts.validationRules) org.rules.push({ ...rule, field: rule.field });
  if (opts.seed) {
    const { seed, partners, deals, customers, from, quarters } = opts.seed;
    seedOrg(org, rt.users.admin, {
      partners,
      deals,
      ...(seed === undefined ? {} : { seed }),
      ...(customers === undefined ? {} : { customers }),
      ...(from === undefined ? {} : { from }),
      ...(quarters === undefined ? {} : { quarters }),
    });
  }

  registerResources(router);
  registerQuery(router);
  registerSObjects(router);
  registerCollections(router);
  registerComposite(router);
  registerLimits(router);
  registerBulkIngest(router);
  registerBulkQuery(router);
  registerAnalytics(router);

  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  // Lightning's record page URL (/lightning/r/{object}/{id}/view), for the admin console's links;
  // registered before call accounting: it is the UI, not the API.
  app.get("/lightning/r/:object/:id/view", (req, res) => {
    const rec = orgHandle(rt).get(String(req.params.object), String(req.params.id));
    sendRecordPage(
      res,
      "Salesforce",
      `${req.params.object} ${req.params.id}`,
      rec as Record<string, unknown> | undefined,
    );
  });
  // Call accounting for everything except the sandbox admin endpoints.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith("/__sandbox")) {
      res.on("finish", () => {
        const endpoint = (res.locals.endpoint as string | undefined) ?? req.path;
        rt.calls.record(req.method, endpoint, res.statusCode);
      });
    }
    next();
  });
  // Numbers a double cannot hold keep their digits (exact-json.ts), as Salesforce's parser does.
  app.use(
    express.json({
      limit: "100mb",
      type: ["application/json", "application/*+json"],
      reviver: exactNumberReviver as (key: string, value: unknown) => unknown,
    }),
  );
  app.use(express.text({ limit: "150mb", type: ["text/csv", "text/plain"] }));
  app.use(express.urlencoded({ extended: false, limit: "1mb" }));

  app.use("/__sandbox", express.json(), sandboxAdmin(rt));
  app.post("/services/oauth2/token", (req, res) => {
    res.locals.endpoint = "/services/oauth2/token";
    tokenHandler(rt)(req, res);
  });
  app.post("/services/oauth2/revoke", (req, res) => {
    res.locals.endpoint = "/services/oauth2/revoke";
    revokeHandler(rt)(req, res);
  });
  app.get("/id/:orgId/:userId", (req, res) => {
    res.locals.endpoint = "/id/{orgId}/{userId}";
    identityHandler(rt)(req, res);
  });
  // The versions list needs no session and carries no Sforce-Limit-Info.
  app.get(["/services/data", "/services/data/"], (_req, res) => {
    res.locals.endpoint = "/services/data";
    res.json(versionsList(opts.apiVersion));
  });

  app.all(
    /^\/services\/data\/(v\d+\.\d)(\/.*)?$/,
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const m = /^\/services\/data\/(v\d+\.\d)(\/.*)?$/.exec(req.path)!;
        const version = m[1]!;
        const path = m[2] && m[2] !== "" ? m[2].replace(/(.)\/$/, "$1") : "/";
        const auth = req.headers.authorization ?? "";
        const token = auth.replace(/^(Bearer|OAuth)\s+/i, "");
        const userId = token ? rt.tokens.userFor(token, now()) : null;
        res.locals.endpoint = `/services/data/vXX.X${router.match(req.method, path).route?.pattern ?? path}`;
        if (!userId) {
          // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm (401)
          send(res, apiError(401, "INVALID_SESSION_ID", "Session expired or invalid"));
          return;
        }
        await faults.delay();
        const fault = faults.requestFault()?.status;
        const retryAfter =
          fault === 429
            ? faults.config.retryAfter429Seconds
            : fault === 503
              ? faults.config.retryAfter503Seconds
              : undefined;
        if (retryAfter !== undefined) res.setHeader("Retry-After", String(retryAfter));
        if (fault === 429) {
          send(res, apiError(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests (sandbox fault injection)"));
          return;
        }
        if (fault === 503) {
          send(
            res,
            apiError(503, "SERVER_UNAVAILABLE", "Service temporarily unavailable (sandbox fault injection)"),
          );
          return;
        }
        // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
        const max = opts.dailyApiLimit;
        if (rt.usage.used >= max) {
          res.setHeader("Sforce-Limit-Info", `api-usage=${rt.usage.used}/${max}`);
          send(res, apiError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
          return;
        }
        rt.usage.used++;
        res.setHeader("Sforce-Limit-Info", `api-usage=${rt.usage.used}/${max}`);
        const query: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.query)) if (typeof v === "string") query[k] = v;
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(",") : v;
        const { response } = await router.dispatch(
          { method: req.method, path, query, headers, body: req.body, version, userId },
          rt,
        );
        send(res, response);
      } catch (error) {
        next(error);
      }
    },
  );

  app.use((_req: Request, res: Response) => {
    send(res, apiError(404, "NOT_FOUND", "The requested resource does not exist"));
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = error as { type?: string; message?: string; status?: number };
    if (e.type === "entity.parse.failed") {
      send(res, apiError(400, "JSON_PARSER_ERROR", `Unexpected character: ${e.message ?? ""}`));
      return;
    }
    if (e.type === "entity.too.large") {
      send(res, apiError(413, "REQUEST_ENTITY_TOO_LARGE", "Request entity too large"));
      return;
    }
    send(
      res,
      apiError(500, "UNKNOWN_EXCEPTION", `An unexpected error occurred: ${e.message ?? String(error)}`),
    );
  });

  return {
    app,
    org: orgHandle(rt),
    runtime: rt,
    setUrl(url: string) {
      baseUrl = url;
    },
  };
}

/** Build and listen on loopback; `port: 0` picks a free port. */
export async function startSalesforceEmulator(
  input: EmulatorOptions = {},
): Promise<RunningSalesforceEmulator> {
  const emulator = buildSalesforceEmulator(input);
  const opts = emulator.runtime.opts;
  const server: Server = await new Promise((resolve, reject) => {
    const s = emulator.app.listen(opts.port, opts.host, () => resolve(s));
    s.once("error", reject);
  });
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host}:${port}`;
  emulator.setUrl(url);
  return {
    url,
    org: emulator.org,
    accessToken: opts.accessToken,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
