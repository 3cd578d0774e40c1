// exact-json.ts reads Salesforce numbers from their JSON text through the reviver's third
// argument, `context.source` (JSON.parse source text access: V8 11.4, Node 21). On an older
// runtime the argument is simply absent, and the numbers would silently stay doubles —
// `1234567890123456.78` stored as `1234567890123456.8`, the very loss issue #20 point 4 fixed.
// So the connector checks the capability once, when it is created, and refuses to start without
// it rather than degrade; exact-json.ts also refuses a body it cannot read exactly.
import { SalesforceConnectorError } from "./errors.ts";

/** The first Node major whose JSON.parse hands a reviver the number's source text. */
export const JSON_SOURCE_TEXT_NODE_MAJOR = 21;

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

/** True when this runtime's JSON.parse gives a reviver the source text of a number. */
export function jsonParseGivesSourceText(): boolean {
  let source: string | undefined;
  JSON.parse("1.10", ((_key, value, context) => {
    if (typeof value === "number") source = context?.source;
    return value;
  }) as Reviver as (key: string, value: unknown) => unknown);
  return source === "1.10";
}

export function jsonSourceTextUnsupported(
  nodeVersion: string = process.versions.node,
): SalesforceConnectorError {
  return new SalesforceConnectorError(
    "RUNTIME_UNSUPPORTED",
    `the Salesforce connector needs Node ${JSON_SOURCE_TEXT_NODE_MAJOR} or later (JSON.parse source text, to read currency amounts exactly); this is Node ${nodeVersion}. The project pins Node 22: run through the npm scripts or node_modules/.bin/node`,
  );
}

/** Throws RUNTIME_UNSUPPORTED when `probe` says JSON.parse gives no source text. */
export function assertJsonSourceText(
  probe: () => boolean = jsonParseGivesSourceText,
  nodeVersion: string = process.versions.node,
): void {
  if (!probe()) throw jsonSourceTextUnsupported(nodeVersion);
}
