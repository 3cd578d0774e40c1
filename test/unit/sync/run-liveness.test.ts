import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Store } from "../../../src/store/index.ts";
import {
  abandonedBecause,
  closeAbandonedRuns,
  ownerLabel,
  type RunOwner,
  SILENT_LIMIT_MS,
} from "../../../src/sync/run-liveness.ts";

const self: RunOwner = { host: "box", pid: 100, instance: "me" };
const alive = (pids: number[]) => (pid: number) => pids.includes(pid);

describe("abandoned runs", () => {
  it("a run whose process on this host is gone is abandoned at once", () => {
    expect(abandonedBecause({ owner: "box:42:x", silentMs: 1000 }, self, alive([]))).toBe(
      "its process (box pid 42) is gone",
    );
    expect(abandonedBecause({ owner: "box:42:x", silentMs: 1000 }, self, alive([42]))).toBeNull();
  });

  it("a run of another host, or of another runtime in this process, is judged by its heartbeat", () => {
    expect(abandonedBecause({ owner: "other:42:x", silentMs: 1000 }, self, alive([]))).toBeNull();
    expect(abandonedBecause({ owner: "box:100:other", silentMs: 1000 }, self, alive([]))).toBeNull();
    expect(abandonedBecause({ owner: "other:42:x", silentMs: SILENT_LIMIT_MS + 5000 }, self, alive([]))).toBe(
      `no sign of life for ${Math.round((SILENT_LIMIT_MS + 5000) / 1000)} s`,
    );
    expect(abandonedBecause({ owner: null, silentMs: SILENT_LIMIT_MS + 1 }, self, alive([]))).not.toBeNull();
  });

  it("closes abandoned runs as failed with the reason and leaves live ones", async () => {
    const finished: Array<[number, { outcome: string; message?: string | null }]> = [];
    const store = {
      runs: {
        running: async () => [
          { id: 1, owner: "far:1:a", silentMs: SILENT_LIMIT_MS * 2 },
          { id: 2, owner: ownerLabel({ ...self, instance: "twin" }), silentMs: 10 },
        ],
        finish: async (id: number, r: { outcome: string; message?: string | null }) => {
          finished.push([id, r]);
        },
      },
    } as unknown as Store;
    expect(await closeAbandonedRuns(store, self, pino({ level: "silent" }))).toEqual([1]);
    expect(finished).toHaveLength(1);
    expect(finished[0]![1].outcome).toBe("failed");
    expect(finished[0]![1].message).toMatch(/^interrupted: no sign of life for \d+ s/);
  });
});
