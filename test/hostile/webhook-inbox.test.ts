// Issue #20, points 2 and 7, in the service: webhooks against hung runs, failed syncs, restarts
// and replays. Before: a webhook was answered only after its targeted sync, which queued behind
// any run in progress, so a hung run held every webhook (and the CRM's retries piled up); and
// HubSpot's replay cache lived in memory, so a captured request was accepted again after a
// restart. Now webhooks are answered once their records are in the store's inbox (a drainer
// syncs them), and seen signatures are kept in the store for their 5-minute window.
// Real PostgreSQL (its own schema): "a restart" is a second store and app on the same schema.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signatureV3 } from "../../connectors/hubspot/webhooks.ts";
import { createJobRunner } from "../../src/service/job-runner.ts";
import { createLogger } from "../../src/service/logger.ts";
import { createMetrics } from "../../src/service/metrics.ts";
import { createInboxDrainer, type InboxDrainer } from "../../src/service/webhooks/inbox-drainer.ts";
import type { Store } from "../../src/store/index.ts";
import { openTestDb, type TestDb } from "../integration/store/helpers.ts";
import {
  FakeJobs,
  HUBSPOT_SECRET,
  SALESFORCE_WEBHOOK_SECRET,
  startTestApp,
  type TestApp,
} from "../unit/service/helpers.ts";
import { outboundMessage } from "../unit/service/outbound-fixture.ts";

let testDb: TestDb;
const apps: TestApp[] = [];
const drainers: InboxDrainer[] = [];
beforeEach(async () => {
  testDb = await openTestDb("postgres");
});
afterEach(async () => {
  for (const d of drainers.splice(0)) await d.stop();
  for (const a of apps.splice(0)) await a.close();
  await testDb?.cleanup();
});

const PUBLIC_URL = "https://incentives.example.com";

/** The service's wiring: the app's webhooks write to `store`'s inbox, a drainer syncs through `jobs`. */
async function serviceOn(
  store: Store,
  jobs: FakeJobs,
  options: { leaseMs?: number; onPending?: (n: number) => void } = {},
) {
  const metrics = createMetrics();
  const logger = createLogger({ level: "silent" });
  const drainer = createInboxDrainer({
    repo: store.webhookInbox,
    jobs: createJobRunner(jobs, { metrics, logger }),
    logger,
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    ...(options.onPending ? { onPending: options.onPending } : {}),
  });
  // HubSpot signs the public URL it calls; every "process" here is behind the same one.
  const app = await startTestApp({
    jobs,
    inbox: drainer,
    replay: store.webhookReplay,
    config: { publicUrl: PUBLIC_URL },
  });
  apps.push(app);
  drainers.push(drainer);
  return { app, drainer };
}

const postOutbound = (url: string) =>
  fetch(`${url}/webhooks/salesforce?token=${SALESFORCE_WEBHOOK_SECRET}`, {
    method: "POST",
    headers: { "content-type": "text/xml; charset=utf-8", SOAPAction: '""' },
    body: outboundMessage(),
    // Fails the test instead of hanging it when the answer waits for the run.
    signal: AbortSignal.timeout(5_000),
  });

const hubspotBody = JSON.stringify([
  { eventId: 9001, subscriptionType: "deal.propertyChange", objectId: 4242, propertyName: "amount" },
]);

/** A request as HubSpot signs it (for the public URL), to be sent to `url`. */
function signedHubSpot(at = Date.now()): RequestInit {
  const timestamp = String(at);
  return {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hubspot-request-timestamp": timestamp,
      "x-hubspot-signature-v3": signatureV3(
        HUBSPOT_SECRET,
        "POST",
        `${PUBLIC_URL}/webhooks/hubspot`,
        hubspotBody,
        timestamp,
      ),
    },
    body: hubspotBody,
    signal: AbortSignal.timeout(5_000),
  };
}

describe("webhooks while runs hang, fail or restart", () => {
  it("a webhook is answered promptly while a run hangs, and synced once the run lets go", async () => {
    const jobs = new FakeJobs();
    let release!: () => void;
    jobs.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { app, drainer } = await serviceOn(testDb.store, jobs);
    // A run is hanging (a dead CRM, a long reconcile): every sync waits behind it. The gate
    // opens only after both answers are in, so answering cannot have waited for the run.
    const sf = await postOutbound(app.url);
    expect(sf.status).toBe(200);
    expect(await sf.text()).toContain("<Ack>true</Ack>");
    const hs = await fetch(`${app.url}/webhooks/hubspot`, signedHubSpot());
    expect(hs.status).toBe(204);
    // Kept in the store while the run hangs.
    expect(await testDb.store.webhookInbox.pending()).toBe(3);
    release();
    await drainer.drain();
    expect(await testDb.store.webhookInbox.pending()).toBe(0);
    const synced = jobs.syncCalls.flatMap((c) =>
      (c.records ?? []).map((r) => `${c.crm}:${r.object}/${r.id}`),
    );
    expect(synced.sort()).toEqual([
      "hubspot:deals/4242",
      "salesforce:Opportunity/0065e00000AbCdEAAV",
      "salesforce:Opportunity/0065e00000AbCdFAAV",
    ]);
    expect(jobs.syncCalls.every((c) => c.trigger === "webhook")).toBe(true);
  });

  it("a failed sync keeps the records with the reason; nothing announced is lost", async () => {
    const jobs = new FakeJobs();
    jobs.next = { outcome: "failed", message: "Salesforce is unreachable" };
    const pending: number[] = [];
    const { app, drainer } = await serviceOn(testDb.store, jobs, { onPending: (n) => pending.push(n) });
    expect((await postOutbound(app.url)).status).toBe(200);
    await drainer.drain();
    expect(jobs.syncCalls).toHaveLength(1);
    const rows = await testDb.db.query<{ attempts: number; last_error: string; due_later: boolean }>(
      "SELECT attempts, last_error, not_before > now() AS due_later FROM webhook_inbox ORDER BY id",
    );
    expect(rows.rows).toEqual([
      { attempts: 1, last_error: "failed: Salesforce is unreachable", due_later: true },
      { attempts: 1, last_error: "failed: Salesforce is unreachable", due_later: true },
    ]);
    // What the service's incentives_webhook_inbox_pending gauge shows.
    expect(pending.at(-1)).toBe(2);
  });

  it("records a stopped process had claimed are synced by the next one", async () => {
    const hung = new FakeJobs();
    hung.gate = new Promise<void>(() => {}); // never lets go: the process is stopped mid-run
    const first = await serviceOn(testDb.store, hung, { leaseMs: 300 });
    expect((await postOutbound(first.app.url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hung.syncCalls).toHaveLength(1); // claimed, syncing, never returns
    // A new process on the same database.
    const store = await testDb.second();
    const jobs = new FakeJobs();
    const second = await serviceOn(store, jobs);
    await second.drainer.drain();
    expect(jobs.syncCalls).toHaveLength(0); // still leased to the first process
    await new Promise((resolve) => setTimeout(resolve, 400));
    await second.drainer.drain();
    expect(jobs.syncCalls).toHaveLength(1);
    expect(jobs.syncCalls[0]?.records).toHaveLength(2);
    expect(await store.webhookInbox.pending()).toBe(0);
    drainers.splice(drainers.indexOf(first.drainer), 1); // its pass never ends
  });

  it("a HubSpot request replayed after a restart is refused: 401 WEBHOOK_REPLAYED, nothing synced", async () => {
    const jobs = new FakeJobs();
    const first = await serviceOn(testDb.store, jobs);
    const captured = signedHubSpot();
    const deliver = (app: TestApp) =>
      fetch(`${app.url}/webhooks/hubspot`, { ...captured, signal: AbortSignal.timeout(5_000) });
    expect((await deliver(first.app)).status).toBe(204);
    await first.drainer.drain();
    expect(jobs.syncCalls).toHaveLength(1);
    // The same process refuses it from memory.
    expect((await deliver(first.app)).status).toBe(401);
    // Restart: a new process (nothing in memory) on the same database, within the 5 minutes.
    const store = await testDb.second();
    const jobs2 = new FakeJobs();
    const second = await serviceOn(store, jobs2);
    const res = await deliver(second.app);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("WEBHOOK_REPLAYED");
    await second.drainer.drain();
    expect(jobs2.syncCalls).toHaveLength(0);
    expect(await store.webhookInbox.pending()).toBe(0);
  });
});
