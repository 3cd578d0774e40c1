// The webhook inbox (issue #20, point 2): webhooks leave their records in the store and are
// answered at once; this drainer hands them to targeted syncs. A run in progress, a hung CRM or
// a failed sync never holds a webhook's answer, and nothing announced is lost: a failed sync
// leaves the rows for a later pass (backoff up to 5 minutes), a stopped process leaves them for
// the next one (claimed rows come back when their lease runs out).
// One pass at a time per process; replicas share the table through claim leases.
import type { CrmName } from "../../../connectors/types.ts";
import type { InboxItem, WebhookInboxRepo } from "../../store/index.ts";
import type { Logger } from "../logger.ts";
import type { Jobs, WebhookInbox } from "../ports.ts";

export interface InboxDrainer extends WebhookInbox {
  /** Drains now and every `intervalMs` (rows due after a failure, rows of a dead replica). */
  start(): void;
  /** No new passes; resolves when the pass in flight (if any) has finished. */
  stop(): Promise<void>;
  /** Runs passes until nothing is due (tests, shutdown-free use). */
  drain(): Promise<void>;
}

export interface DrainerOptions {
  repo: WebhookInboxRepo;
  jobs: Jobs;
  logger: Logger;
  intervalMs?: number;
  batchSize?: number;
  /** How long a claimed row is ours: longer than a targeted sync waits and runs. */
  leaseMs?: number;
  /** Told how many rows wait after each pass (the service's gauge). */
  onPending?: (pending: number) => void;
}

const CRMS: readonly CrmName[] = ["salesforce", "hubspot"];

/** 5 s, 10 s, 20 s … capped at 5 minutes. */
export const retryDelayMs = (attempts: number): number =>
  Math.min(300_000, 5_000 * 2 ** Math.min(attempts, 6));

export function createInboxDrainer(options: DrainerOptions): InboxDrainer {
  const log = options.logger.child({ component: "webhook-inbox" });
  const batchSize = options.batchSize ?? 500;
  const leaseMs = options.leaseMs ?? 15 * 60_000;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  async function syncBatch(crm: CrmName, items: InboxItem[]): Promise<void> {
    const records = items.map((i) => ({ object: i.object, id: i.recordId }));
    let failure: string | null = null;
    try {
      const summary = await options.jobs.sync({ crm, records, trigger: "webhook" });
      if (summary.outcome === "failed" || summary.outcome === "unavailable") {
        failure = `${summary.outcome}: ${summary.message ?? "no message"}`;
      }
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    if (failure === null) {
      await options.repo.done(items);
      return;
    }
    const attempts = Math.max(...items.map((i) => i.attempts)) + 1;
    const wait = retryDelayMs(attempts - 1);
    log.warn(
      { crm, records: items.length, attempts, retryInMs: wait, reason: failure },
      "webhook records not synced yet",
    );
    await options.repo.failed(items, failure, wait);
  }

  async function pass(): Promise<void> {
    for (;;) {
      again = false;
      const items = await options.repo.claim(batchSize, leaseMs);
      if (items.length === 0) return;
      for (const crm of CRMS) {
        const mine = items.filter((i) => i.crm === crm);
        if (mine.length > 0) await syncBatch(crm, mine);
      }
      if (stopped) return;
      if (items.length < batchSize && !again) return;
    }
  }

  function kick(): Promise<void> {
    if (stopped) return running ?? Promise.resolve();
    if (running) {
      again = true; // the pass in flight claims once more before it ends
      return running;
    }
    running = pass()
      .then(async () => {
        if (options.onPending) options.onPending(await options.repo.pending());
      })
      .catch((error: unknown) => log.error({ err: error }, "webhook inbox pass failed"))
      .finally(() => {
        running = null;
        // Records kept after this pass's last claim: one more pass for them.
        if (again && !stopped) void kick();
      });
    return running;
  }

  return {
    async enqueue(crm, records) {
      if (records.length === 0) return;
      await options.repo.add(crm, records);
      void kick();
    },
    start() {
      stopped = false;
      void kick();
      timer = setInterval(() => void kick(), options.intervalMs ?? 10_000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
    async drain() {
      for (let i = 0; i < 100; i++) {
        await kick();
        if (!running) return;
      }
    },
  };
}
