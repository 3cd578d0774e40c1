// The demo's year of partner history (program format §6). The sync dates a partner's first entry
// on the day it first sees the partner, so history with earlier changes only exists in a store
// that watched the CRMs during the year. On a fresh store the demo lets it watch: a reconcile on
// the data's first day with the partners' earlier values, then each change made in both sandbox
// CRMs on its date (the emulators' clock set to it), so the next reconcile dates each change by
// the records' last-modified date, as it would have in production.
import type { Sandbox } from "../../sandbox/index.ts";
import type { SyncReport, SyncRuntime } from "../sync/runtime.ts";

export interface YearReplay {
  /** The reconcile run as of the first day. */
  first: SyncReport;
  changes: number;
}

/**
 * `setNow(ms)` moves the clock the emulators and `runtime` share (null: back to real time is
 * the caller's job). The sandbox holds the current values when called; so does it after.
 */
export async function replayYear(
  sandbox: Pick<Sandbox, "partnerChanges" | "setPartnerValues">,
  runtime: Pick<SyncRuntime, "reconcile">,
  firstDay: string,
  setNow: (ms: number) => void,
): Promise<YearReplay> {
  const changes = [...sandbox.partnerChanges()].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  setNow(Date.parse(`${firstDay}T09:00:00.000Z`));
  for (const c of changes) sandbox.setPartnerValues(c.partner_id, c.before);
  const first = await runtime.reconcile({ trigger: "demo" });
  if (first.outcome === "failed")
    throw new Error(`reconcile as of ${firstDay}: ${first.message ?? "failed"}`);
  for (const c of changes) {
    setNow(Date.parse(`${c.date}T12:00:00.000Z`));
    sandbox.setPartnerValues(c.partner_id, c.after);
  }
  return { first, changes: changes.length };
}
