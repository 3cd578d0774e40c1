// Program analytics for the admin API (GET /api/analytics): the store's data for the period,
// computed by src/analytics with the same fx rates the runs use.
import { analyticsProgram, programReport } from "../../analytics/index.ts";
import type { Data } from "../../engine/index.ts";
import { parsePeriodLabel } from "../../period/index.ts";
import type { Store } from "../../store/index.ts";
import type { AnalyticsAdmin, JsonObject } from "../ports.ts";

export function createAnalyticsAdmin(deps: {
  store: Store;
  fx?: Data["fx"];
  programPath?: string;
}): AnalyticsAdmin {
  return {
    async get({ period }) {
      // The program's granularity decides which labels are periods of it (a month of a
      // quarterly program is a request error, not a failure).
      const { program } = await analyticsProgram(
        deps.store,
        new Date().toISOString().slice(0, 10),
        deps.programPath,
      );
      if (parsePeriodLabel(period)?.granularity !== program.period)
        return {
          ok: false,
          problems: [
            { path: "period", message: `the program's periods are ${program.period}s, not '${period}'` },
          ],
        };
      // A closed period's numbers are kept as first computed (analytics/program-report.ts).
      const r = await programReport(deps.store, {
        period,
        fx: deps.fx,
        ...(deps.programPath ? { programPath: deps.programPath } : {}),
      });
      return { ok: true, analytics: JSON.parse(JSON.stringify(r.analytics)) as JsonObject };
    },
  };
}
