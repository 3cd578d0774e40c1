// Simulate: a draft program against the stored canonical data. "Before" is the stored program
// versions as the sync computes them (each period with the version in effect at its start), so it
// equals what the last run posted; "after" is the same schedule with the draft published effective
// at the simulated period's start. The engine runs on the data the sync itself builds from the
// store (src/sync/compute/stored-data.ts). Nothing is written.
import { Dec, minorDigits } from "../../../money/index.ts";
import type { Data, PartnerStatement, ProgramVersionInput } from "../../engine/index.ts";
import { computeStatementsForVersions, parseProgram } from "../../engine/index.ts";
import { periodStart } from "../../period/index.ts";
import type { Store } from "../../store/index.ts";
import { baseVersion } from "../../sync/compute/program.ts";
import { loadStoredData, type StoredData } from "../../sync/compute/stored-data.ts";
import type { Metrics } from "../metrics.ts";
import type {
  ComponentDelta,
  Outcome,
  PartnerSimulation,
  Problem,
  SimulateAdmin,
  SimulationResult,
} from "../ports.ts";
import { engineProblems, programText } from "./programs-admin.ts";

type Computed = { ok: true; partners: Map<string, PartnerStatement> } | { ok: false; problems: Problem[] };

async function compute(
  versions: ProgramVersionInput[],
  source: StoredData,
  fx: Data["fx"] | undefined,
  period: string,
): Promise<Computed> {
  // Deals are kept from the walk's first period on: the base version's start.
  const data = await source.dataFor(baseVersion(versions).program, fx);
  const result = computeStatementsForVersions(versions, data, period, { from: period });
  if (!result.ok) return { ok: false, problems: engineProblems(result.problems) };
  const [statement] = result.value;
  return { ok: true, partners: new Map(statement!.partners.map((p) => [p.partner_id, p])) };
}

/** Statement lines summed per component over every partner (forfeited lines earn nothing). */
function componentTotals(partners: Iterable<PartnerStatement> | undefined): Map<string, Dec> {
  const totals = new Map<string, Dec>();
  for (const p of partners ?? []) {
    for (const line of p.lines) {
      if (line.forfeited) continue;
      totals.set(line.component, (totals.get(line.component) ?? new Dec(0)).plus(line.amount));
    }
  }
  return totals;
}

export function componentDeltas(
  before: Iterable<PartnerStatement> | undefined,
  after: Iterable<PartnerStatement>,
  scale: number,
): ComponentDelta[] {
  const b = componentTotals(before);
  const a = componentTotals(after);
  return [...new Set([...b.keys(), ...a.keys()])].sort().map((component) => {
    const x = b.get(component) ?? new Dec(0);
    const y = a.get(component) ?? new Dec(0);
    return { component, before: x.toFixed(scale), after: y.toFixed(scale), delta: y.minus(x).toFixed(scale) };
  });
}

export function createSimulateAdmin(deps: {
  store: Store;
  fx?: Data["fx"];
  metrics?: Metrics;
}): SimulateAdmin {
  return {
    async simulate({ program, period }): Promise<Outcome<{ result: SimulationResult }>> {
      const draft = parseProgram(programText(program));
      if (!draft.ok) return { ok: false, problems: engineProblems(draft.problems) };
      const versions = await deps.store.programVersions.list();
      const latest = versions.at(-1);
      const inForce = latest
        ? ((await deps.store.programVersions.effectiveOn(latest.name, periodStart(period))) ?? latest)
        : null;
      const schedule: ProgramVersionInput[] = [];
      for (const v of versions) {
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
      const stored = await loadStoredData(deps.store);
      const stop = deps.metrics?.computeDuration.startTimer({ kind: "simulate" });
      const after = await compute(
        continues ? [...schedule, draftVersion] : [draftVersion],
        stored,
        deps.fx,
        period,
      );
      const before = schedule.length > 0 ? await compute(schedule, stored, deps.fx, period) : null;
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
      const zero = (scale: number) => new Dec(0).toFixed(scale);
      const scale = minorDigits(draft.value.currency);
      const partners: PartnerSimulation[] = [];
      let totalBefore = new Dec(0);
      let totalAfter = new Dec(0);
      for (const id of ids) {
        const b = before?.partners.get(id);
        const a = after.partners.get(id);
        totalBefore = totalBefore.plus(b?.payable ?? 0);
        totalAfter = totalAfter.plus(a?.payable ?? 0);
        const name = stored.partnerName(id);
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
          components: componentDeltas(before?.partners.values(), after.partners.values(), scale),
        },
      };
    },
  };
}
