// One simulation: a draft program against the stored canonical data. "Before" is the stored
// program versions as the sync computes them (each period with the version in effect at its
// start); "after" is the same schedule with the draft published effective at the simulated
// period's start. Nothing is written.
//
// What makes it affordable at 10,000 partners / 400,000 deals (docs/console.md, "Simulation"):
// - "before" is read from the statements the last run posted for the period when they are still
//   current (the run started after the last change to partners, deals, partner history and
//   program versions, and every statement is the version in force): no second engine pass;
// - the engine data is built once per data version and kept for a while, so the admin's next
//   draft only runs the engine (a before/after pair shares it too);
// - the deals are read page by page (never all rows at once), and the progress is reported.
import { Dec, minorDigits } from "../../../money/index.ts";
import type { Data, PartnerStatement, Program, ProgramVersionInput } from "../../engine/index.ts";
import { computeStatementsForVersions, parseProgram } from "../../engine/index.ts";
import { periodStart } from "../../period/index.ts";
import type { DataVersion, PostedPeriod, Store } from "../../store/index.ts";
import { baseVersion, loadStoredData, type StoredData } from "../../sync/compute/stored-data.ts";
import type { ComponentDelta, PartnerSimulation, Problem, SimulationResult } from "../ports.ts";
import { engineProblems } from "./programs-admin.ts";

export type SimulationPhase = "queued" | "reading" | "baseline" | "computing" | "comparing" | "done";

export interface SimulationProgress {
  phase: SimulationPhase;
  /** Deals read so far while reading; null in the other phases. */
  done: number | null;
  total: number | null;
}

export type SimulationOutcome =
  | { ok: true; result: SimulationResult; baseline: "posted" | "computed" | "none" }
  | { ok: false; problems: Problem[] };

type Computed = { ok: true; partners: Map<string, PartnerStatement> } | { ok: false; problems: Problem[] };

/** Per partner and per component: what "before" needs, whether computed or read from the ledger. */
interface Side {
  partners: Map<string, { payable: string; tier: string | null }>;
  components: Map<string, Dec>;
}

function computeSide(versions: ProgramVersionInput[], data: Data, period: string): Computed {
  const result = computeStatementsForVersions(versions, data, period, { from: period });
  if (!result.ok) return { ok: false, problems: engineProblems(result.problems) };
  const [statement] = result.value;
  return { ok: true, partners: new Map(statement!.partners.map((p) => [p.partner_id, p])) };
}

/** Statement lines summed per component over every partner (forfeited lines earn nothing). */
function componentTotals(partners: Iterable<PartnerStatement>): Map<string, Dec> {
  const totals = new Map<string, Dec>();
  for (const p of partners) {
    for (const line of p.lines) {
      if (line.forfeited) continue;
      totals.set(line.component, (totals.get(line.component) ?? new Dec(0)).plus(line.amount));
    }
  }
  return totals;
}

function sideOf(partners: Map<string, PartnerStatement>): Side {
  return {
    partners: new Map([...partners].map(([id, p]) => [id, { payable: p.payable, tier: p.tier ?? null }])),
    components: componentTotals(partners.values()),
  };
}

function postedSide(posted: PostedPeriod): Side {
  return {
    partners: new Map(posted.partners.map((p) => [p.partnerId, { payable: p.payable, tier: p.tier }])),
    components: new Map(posted.components.map((c) => [c.component, new Dec(c.total)])),
  };
}

export function componentDeltas(before: Side | null, after: Side, scale: number): ComponentDelta[] {
  const b = before?.components ?? new Map<string, Dec>();
  const a = after.components;
  return [...new Set([...b.keys(), ...a.keys()])].sort().map((component) => {
    const x = b.get(component) ?? new Dec(0);
    const y = a.get(component) ?? new Dec(0);
    return { component, before: x.toFixed(scale), after: y.toFixed(scale), delta: y.minus(x).toFixed(scale) };
  });
}

/** The stored records, loaded once per records version; each program's engine data built once. */
interface DataCache {
  recordsVersion: string;
  stored: StoredData;
  built: Map<string, Promise<Data>>;
  timer: ReturnType<typeof setTimeout> | null;
}

export interface Simulator {
  run(
    request: { text: string; period: string; version: DataVersion },
    onProgress: (p: SimulationProgress) => void,
  ): Promise<SimulationOutcome>;
  /** Drops the kept engine data now (tests; shutdown). */
  forget(): void;
}

export function createSimulator(deps: {
  store: Store;
  fx?: Data["fx"];
  /** How long the built engine data is kept after the last simulation (default 10 minutes). */
  keepDataMs?: number;
  /** Read the posted statements as "before" when they are current (default true; tests compare). */
  reusePosted?: boolean;
}): Simulator {
  const keepMs = deps.keepDataMs ?? 10 * 60_000;
  let cache: DataCache | null = null;

  const forget = () => {
    if (cache?.timer) clearTimeout(cache.timer);
    cache = null;
  };

  /** The stored data for `recordsVersion`, counting the deals as they are read. */
  async function storedData(recordsVersion: string, onRows: (n: number) => void): Promise<DataCache> {
    if (cache && cache.recordsVersion === recordsVersion) return cache;
    forget();
    // The deals repository is wrapped to count pages as the builder reads them: the sync's data
    // builder stays the one way canonical records become engine data.
    const counting: Store = {
      ...deps.store,
      deals: {
        ...deps.store.deals,
        page: async (options) => {
          const rows = await deps.store.deals.page(options);
          onRows(rows.length);
          return rows;
        },
      },
    };
    cache = { recordsVersion, stored: await loadStoredData(counting), built: new Map(), timer: null };
    return cache;
  }

  // What the builder reads of the program: its start (deals before it are dropped), currency
  // and period granularity (fx lookups). Programs agreeing on them get the same data.
  const keyOf = (program: Program) => `${String(program.starts)}|${program.currency}|${program.period}`;

  function dataFor(c: DataCache, program: Program): Promise<Data> {
    const key = keyOf(program);
    let data = c.built.get(key);
    if (!data) {
      data = c.stored.dataFor(program, deps.fx);
      c.built.set(key, data);
      // A failed build is not kept: the next simulation tries again.
      data.catch(() => c.built.delete(key));
    }
    return data;
  }

  return {
    forget,
    async run({ text, period, version }, onProgress) {
      const parsedDraft = parseProgram(text);
      if (!parsedDraft.ok) return { ok: false, problems: engineProblems(parsedDraft.problems) };
      const draft = parsedDraft.value;
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
      const continues = base !== null && base.currency === draft.currency && base.period === draft.period;
      const draftVersion = {
        version: Math.max(0, ...schedule.map((v) => v.version)) + 1,
        effectiveFrom: periodStart(period),
        program: draft,
      };
      const afterSchedule = continues ? [...schedule, draftVersion] : [draftVersion];

      // "Before" from the ledger when the last run's statements are still what it would compute.
      let before: Side | null = null;
      let baseline: "posted" | "computed" | "none" = schedule.length > 0 ? "computed" : "none";
      const current =
        deps.reusePosted !== false &&
        inForce !== null &&
        version.lastComputedAt !== null &&
        (version.changedAt === null || version.lastComputedAt > version.changedAt);
      if (current) {
        onProgress({ phase: "baseline", done: null, total: null });
        const posted = await deps.store.simulationInputs.postedPeriod(period);
        if (
          posted &&
          posted.currency === base!.currency &&
          posted.partners.every((p) => p.programVersion === inForce.id)
        ) {
          before = postedSide(posted);
          baseline = "posted";
        }
      }

      let total: number | null = null;
      let read = 0;
      const c = await storedData(version.recordsVersion, (n) => {
        read += n;
        onProgress({ phase: "reading", done: read, total });
      });
      if (!c.built.has(keyOf(baseVersion(afterSchedule).program))) {
        total = await deps.store.simulationInputs.dealCount();
        onProgress({ phase: "reading", done: read, total });
      }
      try {
        const afterData = await dataFor(c, baseVersion(afterSchedule).program);
        onProgress({ phase: "computing", done: null, total: null });
        const after = computeSide(afterSchedule, afterData, period);
        if (!after.ok)
          return {
            ok: false,
            problems: after.problems.map((p) => ({ ...p, path: p.path === "period" ? "" : p.path })),
          };
        if (baseline === "computed") {
          const computed = computeSide(schedule, await dataFor(c, base!), period);
          if (!computed.ok)
            return {
              ok: false,
              problems: [
                {
                  path: "",
                  message: `the program in force for ${period} (version ${inForce!.id}) cannot compute it: ${computed.problems.map((p) => p.message).join("; ")}`,
                },
              ],
            };
          before = sideOf(computed.partners);
        }
        onProgress({ phase: "comparing", done: null, total: null });
        return {
          ok: true,
          baseline,
          result: compare(period, draft.currency, before, sideOf(after.partners), c),
        };
      } finally {
        if (cache === c) {
          if (c.timer) clearTimeout(c.timer);
          c.timer = setTimeout(forget, keepMs);
          c.timer.unref?.();
        }
      }
    },
  };
}

function compare(
  period: string,
  currency: string,
  before: Side | null,
  after: Side,
  c: DataCache,
): SimulationResult {
  const ids = [...new Set([...(before?.partners.keys() ?? []), ...after.partners.keys()])].sort();
  const scale = minorDigits(currency);
  const zero = new Dec(0).toFixed(scale);
  const partners: PartnerSimulation[] = [];
  let totalBefore = new Dec(0);
  let totalAfter = new Dec(0);
  for (const id of ids) {
    const b = before?.partners.get(id);
    const a = after.partners.get(id);
    totalBefore = totalBefore.plus(b?.payable ?? 0);
    totalAfter = totalAfter.plus(a?.payable ?? 0);
    const name = c.stored.partnerName(id);
    partners.push({
      partnerId: id,
      ...(typeof name === "string" ? { name } : {}),
      before: { payout: b ? new Dec(b.payable).toFixed(scale) : zero, tier: b?.tier ?? null },
      after: { payout: a ? new Dec(a.payable).toFixed(scale) : zero, tier: a?.tier ?? null },
    });
  }
  return {
    period,
    currency,
    partners,
    totals: {
      before: totalBefore.toFixed(scale),
      after: totalAfter.toFixed(scale),
      delta: totalAfter.minus(totalBefore).toFixed(scale),
    },
    components: componentDeltas(before, after, scale),
  };
}
