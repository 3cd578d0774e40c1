// createHubSpotConnector: everything the service needs from HubSpot behind the CrmConnector
// interface. Deps exist for tests and the sandbox: logger, clock, sleep, randomness.
import type { Logger } from "pino";
import type { CrmConnector } from "../types.ts";
import { CallPolicy, realSleep } from "./call-policy.ts";
import {
  type HubSpotConfig,
  type HubSpotConfigInput,
  hubSpotConfigFromEnv,
  loadHubSpotConfig,
} from "./config.ts";
import { type HubSpotContext, propertyCache } from "./context.ts";
import { createCurrencyConverter } from "./currency.ts";
import { describeObject } from "./describe.ts";
import { scrubSecrets } from "./errors.ts";
import { createHubSpotApis, TokenSource } from "./hubspot-client.ts";
import { tokenUserId } from "./identity.ts";
import { createConnectorLogger } from "./logger.ts";
import { provision } from "./provision.ts";
import { readByIds, readPages } from "./read.ts";
import { writeRecords } from "./write.ts";

export interface HubSpotConnectorDeps {
  logger?: Logger;
  /** Epoch ms. */
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface HubSpotConnector extends CrmConnector {
  readonly crm: "hubspot";
  readonly config: Readonly<Omit<HubSpotConfig, "auth" | "webhookSecret">>;
  /**
   * The HubSpot user id this connector's writes are attributed to (compare with
   * CrmRecord.modifiedBy to skip echoes of our own writes); null when HubSpot does not say.
   * Asked once per connector (one API call).
   */
  integrationUserId(): Promise<string | null>;
}

export function createHubSpotConnector(
  input: HubSpotConfig | HubSpotConfigInput,
  deps: HubSpotConnectorDeps = {},
): HubSpotConnector {
  const config = loadHubSpotConfig(input);
  const now = deps.clock ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const logger = createConnectorLogger(deps.logger);
  const tokens = new TokenSource(config.auth, now);
  const secrets = () => [...tokens.secrets(), ...(config.webhookSecret ? [config.webhookSecret] : [])];
  let policy: CallPolicy | undefined;
  const apis = createHubSpotApis(config, tokens, (headers) => policy?.observeHeaders(headers));
  policy = new CallPolicy(config, {
    sleep,
    now,
    random: deps.random ?? Math.random,
    logger,
    secrets,
    onUnauthorized: () => tokens.invalidate(),
  });
  const p = policy;
  const ctx: HubSpotContext = {
    config,
    apis,
    policy: p,
    logger,
    now,
    sleep,
    fx: createCurrencyConverter(config.currency),
    properties: propertyCache((objectType) =>
      // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/core/get-crm-v3-properties-objectType
      p.run("read", `properties ${objectType}`, () => apis.properties.coreApi.getAll(objectType)),
    ),
  };
  // Errors leave the connector with secrets scrubbed from their messages.
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof Error) error.message = scrubSecrets(error.message, secrets());
      throw error;
    }
  };
  const { auth: _auth, webhookSecret: _secret, ...publicConfig } = config;
  let userId: Promise<string | null> | undefined;

  return {
    crm: "hubspot",
    config: publicConfig,
    amountCurrency: () => config.currency.programCurrency,
    async *read(request) {
      try {
        yield* readPages(ctx, request);
      } catch (error) {
        if (error instanceof Error) error.message = scrubSecrets(error.message, secrets());
        throw error;
      }
    },
    readByIds: (object, ids, fields, associations) =>
      guard(() => readByIds(ctx, object, ids, fields, associations)),
    write: (request) => guard(() => writeRecords(ctx, request)),
    describe: (object) => guard(() => describeObject(ctx, object)),
    async budget() {
      if (p.usage().dailyLimit === undefined && p.usage().callsMade === 0) {
        // Any call returns the X-HubSpot-RateLimit-Daily* headers (private apps).
        await guard(() => ctx.properties("deals", true));
      }
      return p.budget();
    },
    stats: () => p.stats(),
    integrationUserId() {
      userId ??= tokenUserId(ctx, () => tokens.token()).then((id) => {
        if (id === null) userId = undefined; // ask again next time
        return id;
      });
      return userId;
    },
    provision: (options) => guard(() => provision(ctx, options)),
    async close() {
      // The client's keep-alive agent (timeouts.ts) holds idle sockets: let them go.
      apis.close();
    },
  };
}

export type { HubSpotConfig, HubSpotConfigInput } from "./config.ts";
/** For the CLI and the service: config from `HUBSPOT_*` variables (throws listing every problem). */
export function createHubSpotConnectorFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  deps: HubSpotConnectorDeps = {},
): HubSpotConnector {
  return createHubSpotConnector(loadHubSpotConfig(hubSpotConfigFromEnv(env)), deps);
}

export { HubSpotConfigError, hubSpotConfigFromEnv, loadHubSpotConfig, parseHubSpotConfig } from "./config.ts";
export { HubSpotError } from "./errors.ts";
export {
  hubspotWebhookHandler,
  ReplayCache,
  signatureV3,
  verifyHubSpotWebhook,
  type WebhookChanges,
} from "./webhooks.ts";
