// The connector's pino logger. Secrets are redacted by path, wherever a config or token
// response might end up in a log object; code must also never interpolate them into messages.

import type { Logger } from "pino";
import pino from "pino";

export const SALESFORCE_REDACT_PATHS = [
  "privateKey",
  "clientSecret",
  "refreshToken",
  "accessToken",
  "access_token",
  "refresh_token",
  "assertion",
  "client_secret",
  "*.privateKey",
  "*.clientSecret",
  "*.refreshToken",
  "*.accessToken",
  "*.access_token",
  "*.refresh_token",
  "*.assertion",
  "*.client_secret",
  "*.*.privateKey",
  "*.*.clientSecret",
  "*.*.refreshToken",
  "*.*.accessToken",
  "headers.Authorization",
  "headers.authorization",
  "*.headers.Authorization",
  "*.headers.authorization",
];

export function createSalesforceLogger(
  options: { level?: string } = {},
  destination?: pino.DestinationStream,
): Logger {
  const opts = {
    name: "salesforce-connector",
    level: options.level ?? "info",
    redact: { paths: SALESFORCE_REDACT_PATHS, censor: "[redacted]" },
  };
  return destination ? pino(opts, destination) : pino(opts);
}

export type { Logger };
