// The programmatic back door: reads and writes that bypass HTTP, auth, limits, faults and call
// accounting, for tests, seeding and the sandbox command.
import type { CallSnapshot } from "../call-accounting.ts";
import { type FaultConfig, type FaultConfigInput, faultConfigSchema } from "./options.ts";
import type { ValidationRule } from "./org-state.ts";
import type { Runtime } from "./runtime.ts";
import { type CustomFieldDecl, type CustomObjectDecl, deploy } from "./schema/deploy.ts";
import { type SeedOptions, type SeedResult, seedOrg } from "./seed.ts";
import { Compiler } from "./soql/compile.ts";
import { execute, render } from "./soql/execute.ts";
import { toWire } from "./values.ts";

export class EmulatorError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export type WireRecord = Record<string, unknown> & { Id: string };

export interface SalesforceOrgHandle {
  readonly orgId: string;
  readonly users: { integration: string; admin: string };
  /** Insert with Salesforce types (datetimes as ISO strings); system fields may be set. Default author: admin user. */
  insert(object: string, record: Record<string, unknown>, options?: { asUser?: string }): WireRecord;
  update(
    object: string,
    id: string,
    fields: Record<string, unknown>,
    options?: { asUser?: string },
  ): WireRecord;
  delete(object: string, id: string, options?: { asUser?: string }): void;
  /** Live or deleted record by id, in wire form; undefined when unknown. */
  get(object: string, id: string): WireRecord | undefined;
  /** Run SOQL without HTTP (not counted). */
  query(
    soql: string,
    options?: { queryAll?: boolean },
  ): { totalSize: number; records: Record<string, unknown>[] };
  count(object: string, options?: { includeDeleted?: boolean }): number;
  seed(options: SeedOptions): SeedResult;
  deploy(metadata: { customObjects?: CustomObjectDecl[]; customFields?: CustomFieldDecl[] }): void;
  addValidationRule(rule: ValidationRule): void;
  calls(): CallSnapshot;
  resetCalls(): void;
  faults(): FaultConfig;
  setFaults(config: FaultConfigInput): FaultConfig;
  /** Invalidate every issued access token (the next API call answers 401 INVALID_SESSION_ID). */
  expireTokens(): void;
  /** Issue an access token for the integration user (or another user); ttl in seconds, null = never. */
  issueToken(options?: { userId?: string; ttlSeconds?: number | null }): string;
  apiUsage(): { used: number; max: number };
  setApiUsage(used: number): void;
}

function wire(rt: Runtime, object: string, id: string): WireRecord | undefined {
  const found = rt.org.find(id);
  if (!found || found.table.def.name.toLowerCase() !== object.toLowerCase()) return undefined;
  const out: WireRecord = { Id: found.rec.Id };
  for (const f of found.table.def.fields) out[f.name] = toWire(f, found.rec[f.name], false);
  return out;
}

function orThrow(result: ReturnType<Runtime["org"]["create"]>): string {
  if (!result.ok) {
    const first = result.errors[0];
    throw new EmulatorError(
      first?.statusCode ?? "UNKNOWN",
      result.errors.map((e) => `${e.statusCode}: ${e.message}`).join("; "),
    );
  }
  return result.id;
}

export function orgHandle(rt: Runtime): SalesforceOrgHandle {
  const org = rt.org;
  return {
    orgId: org.orgId,
    users: rt.users,
    insert(object, record, options) {
      const id = orThrow(
        org.create(object, record, { userId: options?.asUser ?? rt.users.admin, mode: "backdoor" }),
      );
      return wire(rt, object, id)!;
    },
    update(object, id, fields, options) {
      orThrow(
        org.update(object, id, fields, { userId: options?.asUser ?? rt.users.admin, mode: "backdoor" }),
      );
      return wire(rt, object, id)!;
    },
    delete(object, id, options) {
      orThrow(org.remove(object, id, { userId: options?.asUser ?? rt.users.admin, mode: "backdoor" }));
    },
    get: (object, id) => wire(rt, object, id),
    query(soql, options) {
      const plan = new Compiler(org, soql, rt.now()).compile();
      const outcome = execute(org, plan, options?.queryAll ?? false);
      if (plan.countOnly) return { totalSize: outcome.totalSize, records: [] };
      if (plan.aggregate)
        return { totalSize: outcome.totalSize, records: outcome.rows as Record<string, unknown>[] };
      const records = (outcome.rows as WireRecord[]).map((rec) =>
        render(org, plan, rec, `v${rt.opts.apiVersion}`),
      );
      return { totalSize: records.length, records };
    },
    count(object, options) {
      const table = org.table(object);
      if (!table) throw new EmulatorError("INVALID_TYPE", `sObject type '${object}' is not supported.`);
      if (options?.includeDeleted) return table.rows.size;
      let n = 0;
      for (const rec of table.rows.values()) if (!rec.IsDeleted) n++;
      return n;
    },
    seed: (options) => seedOrg(org, rt.users.admin, options),
    deploy: (metadata) => deploy(org, metadata.customObjects ?? [], metadata.customFields ?? []),
    addValidationRule: (rule) => {
      org.rules.push(rule);
    },
    calls: () => rt.calls.snapshot(),
    resetCalls: () => rt.calls.reset(),
    faults: () => rt.faults.config,
    setFaults: (config) => rt.faults.configure(faultConfigSchema.parse(config)),
    expireTokens: () => rt.tokens.expireAll(),
    issueToken(options) {
      const ttl = options?.ttlSeconds === undefined ? rt.opts.tokenTtlSeconds : options.ttlSeconds;
      return rt.tokens.issue(
        options?.userId ?? rt.users.integration,
        ttl === null ? null : rt.now() + ttl * 1000,
      );
    },
    apiUsage: () => ({ used: rt.usage.used, max: rt.opts.dailyApiLimit }),
    setApiUsage: (used) => {
      rt.usage.used = used;
    },
  };
}
