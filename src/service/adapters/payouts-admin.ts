// Payout operations for the admin API (issue #16): the src/payouts functions behind the
// PayoutsAdmin port, requests validated here with zod (every problem with its path), results as
// JSON. The clock decides the default payment date of mark-paid.
import { z } from "zod";
import {
  applyAction,
  correctPayout,
  exportPeriod,
  listPayouts,
  markPaid,
  openDispute,
  resolveDispute,
  selectionSchema,
  showPayout,
} from "../../payouts/index.ts";
import type { Store } from "../../store/index.ts";
import type { JsonObject, Outcome, PayoutsAdmin, Refused } from "../ports.ts";

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as JsonObject;
const refused = (code: string, message: string): Refused => ({ refused: { code, message } });
const money = z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal string like 125.00");
const text = z.string().trim().min(1).max(1000);

function problems(e: z.ZodError, prefix: string) {
  return e.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join("."), message: i.message }));
}

function selection<T>(
  period: string,
  raw: JsonObject,
): Outcome<{ selection: z.output<typeof selectionSchema> }> & T {
  const s = selectionSchema.safeParse({ ...raw, period });
  return (
    s.success ? { ok: true, selection: s.data } : { ok: false, problems: problems(s.error, "body") }
  ) as never;
}

const correctionSchema = z.strictObject({
  partnerId: z.string().min(1),
  period: z.string().min(1),
  amount: money,
  reason: text,
  deal: z.string().min(1).optional(),
  line: z.string().min(1).optional(),
});
const openSchema = z.strictObject({
  partnerId: z.string().min(1),
  period: z.string().min(1),
  deal: z.string().min(1).optional(),
  line: z.string().min(1).optional(),
  reason: text,
});
const resolveSchema = z.discriminatedUnion("resolution", [
  z.strictObject({ resolution: z.literal("dismiss"), reason: text }),
  z.strictObject({ resolution: z.literal("adjust"), amount: money, reason: text }),
]);

export function createPayoutsAdmin(deps: {
  store: Store;
  clock?: () => Date;
  /** Keeps a closed period's program analytics at its close (analytics/program-report.ts). */
  keepAnalytics?: (period: string) => Promise<unknown>;
}): PayoutsAdmin {
  const { store } = deps;
  const today = () => (deps.clock?.() ?? new Date()).toISOString().slice(0, 10);
  return {
    async list({ period, selection: raw }) {
      const s = selection(period, raw);
      if (!s.ok) return s;
      return { ok: true, listing: json(await listPayouts(store, s.selection)) };
    },
    async get({ partnerId, period }) {
      const d = await showPayout(store, partnerId, period);
      return d ? json(d) : null;
    },
    async act({ action, selection: raw, actor, reason }) {
      const period = typeof raw.period === "string" ? raw.period : "";
      const { period: _p, ...rest } = raw;
      const s = selection(period, rest);
      if (!s.ok) return s;
      return { ok: true, report: json(await applyAction(store, action, s.selection, { actor, reason })) };
    },
    async correct({ actor, ...raw }) {
      const c = correctionSchema.safeParse(raw);
      if (!c.success)
        return refused(
          "invalid",
          problems(c.error, "body")
            .map((p) => `${p.path}: ${p.message}`)
            .join("; "),
        );
      const r = await correctPayout(store, {
        partner: c.data.partnerId,
        period: c.data.period,
        amount: c.data.amount,
        reason: c.data.reason,
        actor,
        ...(c.data.deal ? { deal: c.data.deal } : {}),
        ...(c.data.line ? { line: c.data.line } : {}),
      });
      return r.ok ? json(r) : refused(r.code, r.message);
    },
    async exportBatch({ period, actor }) {
      const r = await exportPeriod(store, period, actor);
      const { csv: _csv, ...batch } = r.batch ?? { csv: "" };
      return json({ batch: r.batch ? batch : null, skipped: r.skipped });
    },
    async batches({ period }) {
      return (await store.payoutExports.list(period ? { period } : {})).map(json);
    },
    async batchFile(batch) {
      const b = await store.payoutExports.get(batch);
      return b ? { csv: b.csv, period: b.period } : null;
    },
    async markPaid({ csv, actor }) {
      return json(await markPaid(store, csv, actor, today()));
    },
    async disputes({ status, period, partnerId }) {
      const list = await store.disputes.list({
        ...(status ? { status: status as "open" } : {}),
        ...(period ? { period } : {}),
        ...(partnerId ? { partner: partnerId } : {}),
      });
      return list.map(json);
    },
    async openDispute({ actor, ...raw }) {
      const o = openSchema.safeParse(raw);
      if (!o.success)
        return refused(
          "invalid",
          problems(o.error, "body")
            .map((p) => `${p.path}: ${p.message}`)
            .join("; "),
        );
      const r = await openDispute(store, {
        partner: o.data.partnerId,
        period: o.data.period,
        reason: o.data.reason,
        openedBy: actor,
        ...(o.data.deal ? { deal: o.data.deal } : {}),
        ...(o.data.line ? { line: o.data.line } : {}),
      });
      return r.ok ? json(r.dispute) : refused(r.code, r.message);
    },
    async resolveDispute({ id, actor, ...raw }) {
      const x = resolveSchema.safeParse(raw);
      if (!x.success)
        return refused(
          "invalid",
          problems(x.error, "body")
            .map((p) => `${p.path}: ${p.message}`)
            .join("; "),
        );
      const r = await resolveDispute(store, {
        id,
        resolution: x.data.resolution,
        ...(x.data.resolution === "adjust" ? { amount: x.data.amount } : {}),
        reason: x.data.reason,
        resolvedBy: actor,
      });
      return r.ok ? json(r.dispute) : refused(r.code, r.message);
    },
    async closePeriod({ period, actor }) {
      const r = await store.periods.close(period, actor);
      if (!r.ok) return refused(r.error.code, r.error.message);
      // A failure keeping the analytics does not undo the close: the first GET /api/analytics
      // for the period keeps them instead (analyticsKept tells the caller which happened).
      const analyticsKept = deps.keepAnalytics
        ? await deps.keepAnalytics(period).then(
            () => true,
            () => false,
          )
        : false;
      return json({ ...r.value, analyticsKept });
    },
  };
}
