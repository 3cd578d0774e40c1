// The simulation worker reaches the store only through the read methods simulation-rpc.ts names.
import { describe, expect, it } from "vitest";
import { allowed } from "../../../src/service/adapters/simulation-rpc.ts";

describe("simulation worker store access", () => {
  it("allows the reads a simulation needs and nothing else", () => {
    expect(allowed("deals", "page")).toBe(true);
    expect(allowed("simulationInputs", "postedPeriod")).toBe(true);
    expect(allowed("deals", "upsert")).toBe(false);
    expect(allowed("ledger", "postStatement")).toBe(false);
    expect(allowed("adminSessions", "create")).toBe(false);
    expect(allowed("constructor", "name")).toBe(false);
    expect(allowed("__proto__", "toString")).toBe(false);
    expect(allowed("deals", "constructor")).toBe(false);
  });
});
