// The Prometheus metrics registry. The sync layer and connectors import `metrics` and increment
// these; `/metrics` renders the registry. Names follow Prometheus conventions (base units,
// `_total` counters, `_seconds`). Tests build their own with `createMetrics()`.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface Metrics {
  readonly registry: Registry;
  /** Finished runs; outcome is a RunOutcome (succeeded, partial, failed, skipped, unavailable). */
  readonly runs: Counter<"kind" | "outcome" | "trigger">;
  /** Every CRM API call a connector makes; endpoint is a route template, never a record id. */
  readonly crmApiCalls: Counter<"crm" | "endpoint">;
  /** API calls left in the CRM's current window, as last reported by the CRM. */
  readonly crmApiBudgetRemaining: Gauge<"crm">;
  /** Records held in quarantine, by CRM. */
  readonly quarantinedRecords: Gauge<"crm">;
  /** Unix time (seconds) of the last reconcile that succeeded. */
  readonly lastSuccessfulReconcile: Gauge;
  /** Time the engine spent computing a period. */
  readonly computeDuration: Histogram<"kind">;
  /** Wall time of whole runs. */
  readonly runDuration: Histogram<"kind">;
  /** What the scheduler did with each tick: ran, skipped_overlap, claimed_elsewhere, failed. */
  readonly scheduledTicks: Counter<"job" | "result">;
  readonly httpRequests: Counter<"method" | "route" | "status">;
  readonly webhookChanges: Counter<"crm">;
  /** Announced records waiting in the store's webhook inbox (sampled after each drain pass). */
  readonly webhookInboxPending: Gauge;
  /**
   * HubSpot app-card requests by card (company, deal) and outcome: what was answered (ok,
   * not_partner, no_partner, not_computed) or why it was refused (missing_signature, stale,
   * bad_signature, wrong_portal, not_configured, bad_request).
   */
  readonly hubspotCardRequests: Counter<"card" | "outcome">;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? false) collectDefaultMetrics({ register: registry, prefix: "incentives_" });
  const registers = [registry];
  return {
    registry,
    runs: new Counter({
      name: "incentives_runs_total",
      help: "Finished sync and reconcile runs by kind, outcome and trigger.",
      labelNames: ["kind", "outcome", "trigger"],
      registers,
    }),
    crmApiCalls: new Counter({
      name: "incentives_crm_api_calls_total",
      help: "CRM API calls by CRM and endpoint template.",
      labelNames: ["crm", "endpoint"],
      registers,
    }),
    crmApiBudgetRemaining: new Gauge({
      name: "incentives_crm_api_budget_remaining",
      help: "API calls remaining in the CRM's current limit window, as last reported.",
      labelNames: ["crm"],
      registers,
    }),
    quarantinedRecords: new Gauge({
      name: "incentives_quarantined_records",
      help: "Records currently in quarantine by CRM.",
      labelNames: ["crm"],
      registers,
    }),
    lastSuccessfulReconcile: new Gauge({
      name: "incentives_last_successful_reconcile_timestamp_seconds",
      help: "Unix time of the last reconcile run that succeeded.",
      registers,
    }),
    computeDuration: new Histogram({
      name: "incentives_compute_duration_seconds",
      help: "Time the incentive engine spent computing.",
      labelNames: ["kind"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
    runDuration: new Histogram({
      name: "incentives_run_duration_seconds",
      help: "Wall time of sync and reconcile runs.",
      labelNames: ["kind"],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    }),
    scheduledTicks: new Counter({
      name: "incentives_scheduled_ticks_total",
      help: "Scheduler ticks by job and what this replica did with them.",
      labelNames: ["job", "result"],
      registers,
    }),
    httpRequests: new Counter({
      name: "incentives_http_requests_total",
      help: "HTTP requests by method, matched route and status.",
      labelNames: ["method", "route", "status"],
      registers,
    }),
    webhookChanges: new Counter({
      name: "incentives_webhook_changes_total",
      help: "Changed records announced by CRM webhooks.",
      labelNames: ["crm"],
      registers,
    }),
    hubspotCardRequests: new Counter({
      name: "incentives_hubspot_card_requests_total",
      help: "HubSpot app-card requests by card and outcome (answered, or why refused).",
      labelNames: ["card", "outcome"],
      registers,
    }),
    webhookInboxPending: new Gauge({
      name: "incentives_webhook_inbox_pending",
      help: "Announced records waiting in the webhook inbox (not synced yet, or waiting to retry).",
      registers,
    }),
  };
}

/** The process-wide registry the service serves; other layers increment it. */
export const metrics: Metrics = createMetrics({ defaultMetrics: true });
