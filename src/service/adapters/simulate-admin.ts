// Simulate: a draft program against the stored canonical data. "Before" is the stored program
// versions as the sync computes them (each period with the version in effect at its start), so it
// equals what the last run posted; "after" is the same schedule with the draft published effective
// at the simulated period's start. The engine runs directly on data the sync's own loader and
// builder produce from the store (src/sync/load.ts, compute/run.ts). Nothing is written.
import { Decimal } from "decimal.js";
import type { Data, PartnerStatement, ProgramVersionInput } from "../../engine/index.ts";
import { computeStatementsForVersions, parseProgram } from "../../engine/index.ts";
import type { Store } from "../../store/index.ts";
import { baseVersion } from "../../sync/compute/program.ts";
import { buildData } from "../../sync/compute/run.ts";
import { loadWorkingSet } from "../../sync/load.ts";
import type { WorkingSet } from "../../sync/model.ts";
import type { Metrics } from "../metrics.ts";
import type { Outcome, PartnerSimulation, Problem, SimulateAdmin, SimulationResult } from "../ports.ts";
import { engineProblems, programText } from "./programs-admin.ts";

/** First day of a period label: 2026, 2026-H2, 2026-Q3, 2026-07. */
export function periodStart(period: string): string {
  const year = period.slice(0, 4);
  const rest = period.slice(5);
  if (rest === "") return `${year}-01-01`;
  const month = rest.startsWith("Q")
    ? (Number(rest.slice(1)) - 1) * 3 + 1
    : rest.startsWith("H")
      ? (Number(rest.slice(1)) - 1) * 6 + 1
      : Number(rest);
  return `${year}-${String(month).padStart(2, "0")}-01`;
}

type Computed = { ok: true; partners: Map<string, PartnerStatement> } | { ok: false; problems: Problem[] };

async function compute(
  versions: ProgramVersionInput[],
  source: { ws: WorkingSet; store: Store },
  fx: Data["fx"] | undefined,
  period: string,
): Promise<Computed> {
  const data = await buildData({ ...source, counts: {} }, baseVersion(versions).program, fx);
  const result = computeStatementsForVersions(versions, data, period, { from: period });
  if (!result.ok) return { ok: false, problems: engineProblems(result.problems) };
  const [statement] = result.value;
  return { ok: true, partners: new Map(statement!.partners.map((p) => [p.partner_id, p])) };
}

const scaleOf = (amount: string): number =>
  amount.includes(".") ? amount.length - amount.indexOf(".") - 1 : 0;

export function createSimulateAdmin(deps: {
  store: Store;
  fx?: Data["fx"];
  metrics?: Metrics;
}): SimulateAdmin {
  return {
    async simulate({ program, period }): Promise<Outcome<{ result: SimulationResult }>> {
      const draft = parseProgram(programText(program));
      if (!draft.ok) return { ok: false, problems: engineProblems(draft.problems) };
      const stored = await deps.store.programVersions.list();
      const latest = stored.at(-1);
      const inForce = latest
        ? ((await deps.store.programVersions.effectiveOn(latest.name, periodStart(period))) ?? latest)
        : null;
      const schedule: ProgramVersionInput[] = [];
      for (const v of stored) {
        if (v.name !== latest!.name) continue;
        const parsed = parseProgram(v.yaml);
        if (!parsed.ok)
          return { ok: false, problems: [{ path: "", message: `stored version ${v.id} no longer parses` }] };
        schedule.push({ version: v.id, effectiveFrom: v.effectiveFrom, program: parsed.value });
      }
      // The draft continues the stored program when it can (same currency and period); a draft
      // in another currency or period is a different program, computed on its own.
      const base = schedule.length > 0 ? baseVersion(schedule).program : null;
      const continues =
        base !== null && base.currency === draft.value.currency && base.period === draft.value.period;
      const draftVersion = {
        version: Math.max(0, ...schedule.map((v) => v.version)) + 1,
        effectiveFrom: periodStart(period),
        program: draft.value,
      };
      const ws = await loadWorkingSet(deps.store);
      const stop = deps.metrics?.computeDuration.startTimer({ kind: "simulate" });
      const after = await compute(
        continues ? [...schedule, draftVersion] : [draftVersion],
        { ws, store: deps.store },
        deps.fx,
        period,
      );
      const before =
        schedule.length > 0 ? await compute(schedule, { ws, store: deps.store }, deps.fx, period) : null;
      stop?.();
      if (!after.ok)
        return {
          ok: false,
          problems: after.problems.map((p) => ({ ...p, path: p.path === "period" ? "" : p.path })),
        };
      if (before && !before.ok) {
        return {
          ok: false,
          problems: [
            {
              path: "",
              message: `the program in force for ${period} (version ${inForce!.id}) cannot compute it: ${before.problems.map((p) => p.message).join("; ")}`,
            },
          ],
        };
      }
      const ids = [...new Set([...(before?.partners.keys() ?? []), ...after.partners.keys()])].sort();
      const zero = (scale: number) => new Decimal(0).toFixed(scale);
      const sample = [...after.partners.values()][0]?.payable ?? "0.00";
      const scale = scaleOf(sample);
      const partners: PartnerSimulation[] = [];
      let totalBefore = new Decimal(0);
      let totalAfter = new Decimal(0);
      for (const id of ids) {
        const b = before?.partners.get(id);
        const a = after.partners.get(id);
        totalBefore = totalBefore.plus(b?.payable ?? 0);
        totalAfter = totalAfter.plus(a?.payable ?? 0);
        const name = ws.partners.get(id)?.data.name;
        partners.push({
          partnerId: id,
          ...(typeof name === "string" ? { name } : {}),
          before: { payout: b?.payable ?? zero(scale), tier: b?.tier ?? null },
          after: { payout: a?.payable ?? zero(scale), tier: a?.tier ?? null },
        });
      }
      return {
        ok: true,
        result: {
          period,
          currency: draft.value.currency,
          partners,
          totals: {
            before: totalBefore.toFixed(scale),
            after: totalAfter.toFixed(scale),
            delta: totalAfter.minus(totalBefore).toFixed(scale),
          },
        },
      };
    },
  };
}
