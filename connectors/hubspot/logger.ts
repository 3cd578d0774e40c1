// The connector's pino logger: secrets are redacted by path, and messages we build are scrubbed
// of token values before they are logged (see errors.ts scrubSecrets).
import { type Logger, pino } from "pino";

export const REDACT_PATHS = [
  "accessToken",
  "refreshToken",
  "clientSecret",
  "webhookSecret",
  "token",
  "authorization",
  "*.accessToken",
  "*.refreshToken",
  "*.clientSecret",
  "*.webhookSecret",
  "*.token",
  "*.authorization",
  "*.Authorization",
  "headers.authorization",
  "*.headers.authorization",
  "auth",
  "*.auth",
];

export function createConnectorLogger(base?: Logger): Logger {
  const redact = { redact: { paths: REDACT_PATHS, censor: "[REDACTED]" } };
  // The composition root already binds crm (as it does for Salesforce); pino would write a
  // second "crm" key on every line rather than replace the first.
  if (base)
    return base.bindings().crm === "hubspot"
      ? base.child({}, redact)
      : base.child({ crm: "hubspot" }, redact);
  return pino({ name: "hubspot-connector", redact: { paths: REDACT_PATHS, censor: "[REDACTED]" } });
}
