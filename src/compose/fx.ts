// The fx rates runs compute with: the INCENTIVES_FX_FILE, else the sandbox's own rates. Kept
// apart from compose-runtime.ts so a command that only reads the store (`incentives analytics`)
// gets them without loading the connectors or the emulators.
import { readFile } from "node:fs/promises";
import { sandboxFx } from "../../sandbox/demo-data.ts";
import { type Data, parseFx } from "../engine/index.ts";
import type { Parsed, RuntimeConfig } from "./runtime-config.ts";

/**
 * The fx rates file, validated like the engine's `fx` (period labels, currency codes, positive
 * decimal rates). Read before any CRM is started or called: a bad rate used to surface only after
 * the full CRM read, as a failed computation.
 */
export async function readFx(path: string): Promise<Parsed<Data["fx"]>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0];
    return { ok: false, problems: [`INCENTIVES_FX_FILE: cannot read ${path}: ${reason}`] };
  }
  const parsed = parseFx(text);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    problems: parsed.problems.map((p) => `INCENTIVES_FX_FILE: ${path}: ${p.path}: ${p.message}`),
  };
}

/**
 * The fx rates a run with `config` computes with, without starting anything: the fx file when
 * one is set, else the sandbox's own rates in sandbox mode, else none. Commands that only read
 * the store (`incentives analytics`) convert deal amounts with the same rates as the runs.
 */
export async function fxForConfig(config: RuntimeConfig): Promise<Parsed<Data["fx"] | undefined>> {
  if (config.fxFile) return readFx(config.fxFile);
  if (config.crms.kind === "sandbox") return { ok: true, value: sandboxFx(config.crms.seed) };
  if (config.crms.kind === "given") return { ok: true, value: config.crms.fx };
  return { ok: true, value: undefined };
}
