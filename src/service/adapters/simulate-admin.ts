// Simulate: a draft program against the stored canonical data, next to the program version in
// effect at the period's start. The engine runs on the data the sync itself builds from the
// store (src/sync/compute/stored-data.ts), so "before" equals what the last run posted for that
// version. Nothing is written.
import { Dec, minorDigits } from "../../../money/index.ts";
import type { Data, PartnerStatement, Program } from "../../engine/index.ts";
import { computeStatement, parseProgram } from "../../engine/index.ts";
import { periodStart } from "../../period/index.ts";
import type { Store } from "../../store/index.ts";
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
  program: Program,
  source: StoredData,
  fx: Data["fx"] | undefined,
  period: string,
): Promise<Computed> {
  const data = await source.dataFor(program, fx);
  const result = computeStatement(program, data, period);
  if (!result.ok) return { ok: false, problems: engineProblems(result.problems) };
  return { ok: true, partners: new Map(result.value.partners.map((p) => [p.partner_id, p])) };
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
      const current = inForce ? parseProgram(inForce.yaml) : null;
      if (current && !current.ok) {
        return {
          ok: false,
          problems: [{ path: "", message: `stored version ${inForce!.id} no longer parses` }],
        };
      }
      const stored = await loadStoredData(deps.store);
      const stop = deps.metrics?.computeDuration.startTimer({ kind: "simulate" });
      const after = await compute(draft.value, stored, deps.fx, period);
      const before = current ? await compute(current.value, stored, deps.fx, period) : null;
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
