// The Salesforce connector behind the CRM-neutral CrmConnector interface.
import { setTimeout as delay } from "node:timers/promises";
import { z } from "zod";
import type { ApiBudget, CrmConnector } from "../types.ts";
import { createSession, userIdFrom } from "./auth.ts";
import { parseSalesforceConfig, type SalesforceConfig, type SalesforceConfigInput } from "./config.ts";
import { errorCodeOf, SalesforceConnectorError } from "./errors.ts";
import { assertJsonSourceText } from "./json-source-text.ts";
import { createSalesforceLogger, type Logger } from "./logger.ts";
import { provision } from "./provision.ts";
import { readByIds, readPages } from "./read.ts";
import { createRuntime, type Runtime } from "./runtime.ts";
import { applyJsforceTimeouts } from "./timeouts.ts";
import { writeRecords } from "./write.ts";

export interface SalesforceConnectorDeps {
  logger?: Logger;
  /** Epoch milliseconds. */
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Whether JSON.parse gives a reviver the number's source text (tests inject false). */
  jsonSourceTextProbe?: () => boolean;
}

export interface SalesforceConnector extends CrmConnector {
  readonly crm: "salesforce";
  /**
   * The integration user's id (compare with CrmRecord.modifiedBy to skip echoes of our own
   * writes). Token flows read it from the token response's identity URL; a fixed access token
   * (the sandbox) asks the REST resource directory once (one API call). Null when it cannot be
   * learned (the next call tries again).
   */
  integrationUserId(): Promise<string | null>;
}

const resourceDirectory = z.object({ identity: z.string().optional() });

/**
 * The Resources by Version directory names the session's identity URL, which ends in the user
 * id: one call, on the instance (jsforce's conn.identity() would then also fetch that URL).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_discoveryresource.htm
 */
async function directoryUserId(rt: Runtime): Promise<string | null> {
  const directory = resourceDirectory.parse(await rt.call("read", () => rt.conn.request("/")));
  const id = userIdFrom(directory.identity);
  if (id === null) throw new SalesforceConnectorError("NO_IDENTITY", "no user id in the resource directory");
  return id;
}

/** Accepts a parsed config or raw input; invalid input throws with every problem listed. */
export function createSalesforceConnector(
  config: SalesforceConfig | SalesforceConfigInput,
  deps: SalesforceConnectorDeps = {},
): SalesforceConnector {
  const parsed = parseSalesforceConfig(config);
  if (!parsed.ok) {
    throw new SalesforceConnectorError(
      "INVALID_CONFIG",
      `Salesforce config invalid:\n${parsed.problems.join("\n")}`,
    );
  }
  // Before anything is called: amounts are read exactly or the connector does not start.
  assertJsonSourceText(deps.jsonSourceTextProbe);
  const logger = deps.logger ?? createSalesforceLogger();
  applyJsforceTimeouts(parsed.config.timeouts);
  const now = deps.clock ?? Date.now;
  const sleep =
    deps.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {}));
  const session = createSession(parsed.config, { logger, now });
  const rt = createRuntime(parsed.config, session, {
    logger,
    now,
    sleep,
    random: deps.random ?? Math.random,
  });
  let identityLookup: Promise<string | null> | null = null;

  return {
    crm: "salesforce",
    read: (request) => readPages(rt, request),
    readByIds: (object, ids, fields, associations) => readByIds(rt, object, ids, fields, associations),
    write: (request) => writeRecords(rt, request),
    describe: async (object) => (await rt.describe(object)).description,
    async budget(): Promise<ApiBudget> {
      const known = rt.budget.known();
      if (known) return known;
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
      const limits = await rt.call("read", () => rt.conn.request("/limits"));
      rt.budget.updateFromLimits(limits);
      return rt.budget.known()!;
    },
    stats: () => ({ ...rt.stats }),
    async integrationUserId() {
      await session.ensureSession();
      const fromToken = session.userId();
      if (fromToken !== null) return fromToken;
      identityLookup ??= directoryUserId(rt).catch((error: unknown) => {
        identityLookup = null;
        logger.warn(
          { code: errorCodeOf(error) },
          "salesforce integration user unknown: the resource directory gave no identity",
        );
        return null;
      });
      return identityLookup;
    },
    provision: (options) => provision(rt, options),
    async close() {
      // jsforce holds no sockets of its own beyond undici's pool; nothing to revoke for
      // short-lived tokens. Kept for the interface (HubSpot may need it).
    },
  };
}

export type { SalesforceConfig, SalesforceConfigInput } from "./config.ts";
export { parseSalesforceConfig, salesforceConfigFromEnv } from "./config.ts";
export { BudgetStopError, SalesforceConnectorError } from "./errors.ts";
