// What the payouts and disputes commands share: opening the store, the acting person, output.
import { type Store, tryOpenStoreFromEnv } from "../../store/index.ts";
import { EXIT } from "../command.ts";

export type Out = (text: string) => void;
export const out: Out = (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
export const err: Out = (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);

/** The store, or the exit code after explaining why it could not be opened. */
export async function openStore(command: string): Promise<Store | number> {
  const opened = await tryOpenStoreFromEnv();
  if (opened.ok) return opened.value;
  err(`incentives ${command}: ${opened.error.message}`);
  return opened.error.code === "store_config_invalid" ? EXIT.usage : EXIT.failure;
}

/** Who acts: --by, else the login name (recorded on every event). */
export function actorOf(by: string | undefined): string {
  return by ?? process.env.USER ?? process.env.LOGNAME ?? "cli";
}

/** Fixed-width columns: right-aligned when the header is listed in `right`. */
export function table(header: string[], rows: string[][], right: readonly string[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.includes(header[i]!) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
