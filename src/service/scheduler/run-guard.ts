// Decides whether this process may start a run of a job now. Two rules:
//  - no overlap: a job never runs twice at once (in this process or, with PostgreSQL, anywhere);
//  - exactly once per tick: a scheduled tick is run by one replica only, even when a slow
//    replica fires the same tick after another one already finished it.
// `tick` is the scheduled time for cron runs, null for on-demand runs (admin API).
export type GuardOutcome<T> =
  | { ran: true; value: T }
  | { ran: false; reason: "overlap" | "claimed_elsewhere" };

export interface RunGuard {
  run<T>(job: string, tick: Date | null, fn: () => Promise<T>): Promise<GuardOutcome<T>>;
  close(): Promise<void>;
}

/** Single process (PGlite): an in-process flag per job and the last tick claimed per job. */
export function createLocalRunGuard(): RunGuard {
  const busy = new Set<string>();
  const claimed = new Map<string, number>();
  return {
    async run(job, tick, fn) {
      if (busy.has(job)) return { ran: false, reason: "overlap" };
      if (tick) {
        if (claimed.get(job) === tick.getTime()) return { ran: false, reason: "claimed_elsewhere" };
        claimed.set(job, tick.getTime());
      }
      busy.add(job);
      try {
        return { ran: true, value: await fn() };
      } finally {
        busy.delete(job);
      }
    },
    async close() {},
  };
}
