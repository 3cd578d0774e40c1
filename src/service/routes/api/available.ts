// Ports the console added are optional in `Admin` (test doubles need not implement them); a
// route whose port is absent answers 501 NOT_AVAILABLE instead of pretending.
import { PortUnavailableError } from "../../errors.ts";

export function available<T>(port: T | undefined, what: string): T {
  if (port === undefined) throw new PortUnavailableError(what);
  return port;
}
