// The service's pino logger. Secrets are redacted twice over: by path (config objects, token
// responses, error details that carry them) and by a header serializer that blanks every
// credential-bearing header, including webhook signatures, whatever its casing.

import type { DestinationStream, Logger } from "pino";
import pino from "pino";

export type { Logger } from "pino";

const SECRET_KEYS = [
  "password",
  "passwd",
  "secret",
  "token",
  "adminToken",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "clientSecret",
  "client_secret",
  "privateKey",
  "apiKey",
  "api_key",
  "authorization",
  "Authorization",
  "cookie",
  "signature",
  "SessionId",
  "sessionId",
  "ADMIN_TOKEN",
  "DATABASE_URL",
  "SALESFORCE_CLIENT_SECRET",
  "SALESFORCE_PRIVATE_KEY",
  "SALESFORCE_REFRESH_TOKEN",
  "SALESFORCE_ACCESS_TOKEN",
  "HUBSPOT_ACCESS_TOKEN",
  "HUBSPOT_CLIENT_SECRET",
  "HUBSPOT_REFRESH_TOKEN",
  "HUBSPOT_WEBHOOK_SECRET",
  "HUBSPOT_APP_CLIENT_SECRET",
  "webhookSecret",
  "hubspotWebhookSecret",
  "hubspotAppSecret",
];

/** The key itself, and the key one and two levels down (`config.adminToken`, `err.config.token`). */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export const REDACTED = "[redacted]";

/** Header names whose values are credentials or signatures over a body. */
const SECRET_HEADER = /authorization|cookie|token|secret|signature|api-?key|session/i;

export function redactHeaders(
  headers: Readonly<Record<string, string | string[] | number | undefined>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SECRET_HEADER.test(name) ? REDACTED : value;
  }
  return out;
}

export function createLogger(
  options: { level?: string; name?: string } = {},
  destination?: DestinationStream,
): Logger {
  const opts: pino.LoggerOptions = {
    name: options.name ?? "incentives",
    level: options.level ?? "info",
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { headers: redactHeaders, err: pino.stdSerializers.err },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(opts, destination) : pino(opts);
}
