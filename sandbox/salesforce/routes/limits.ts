// /limits: org limits as {Max, Remaining}, DailyApiRequests tracking this emulator's usage.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
import { json, type Router } from "../http.ts";
import type { Runtime } from "../runtime.ts";

export function bulkCounters(rt: Runtime): { queryJobs: number; ingestJobs: number } {
  let counters = rt.bulk.get("counters") as { queryJobs: number; ingestJobs: number } | undefined;
  if (!counters) {
    counters = { queryJobs: 0, ingestJobs: 0 };
    rt.bulk.set("counters", counters);
  }
  return counters;
}

export function registerLimits(router: Router): void {
  router.add("GET", "/limits", (_req, rt) => {
    const max = rt.opts.dailyApiLimit;
    const counters = bulkCounters(rt);
    const limit = (Max: number, used = 0) => ({ Max, Remaining: Math.max(0, Max - used) });
    return json(200, {
      ConcurrentAsyncGetReportInstances: limit(200),
      DailyApiRequests: limit(max, rt.usage.used),
      DailyAsyncApexExecutions: limit(250_000),
      DailyBulkApiBatches: limit(15_000, counters.ingestJobs),
      DailyBulkV2QueryFileStorageMB: limit(976_562),
      DailyBulkV2QueryJobs: limit(10_000, counters.queryJobs),
      DataStorageMB: limit(1_024),
      FileStorageMB: limit(1_024),
      HourlyTimeBasedWorkflow: limit(1_000),
      SingleEmail: limit(5_000),
    });
  });
}
