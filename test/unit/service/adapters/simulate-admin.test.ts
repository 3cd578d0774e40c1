import { describe, expect, it } from "vitest";
import { periodStart } from "../../../../src/service/adapters/simulate-admin.ts";

describe("periodStart", () => {
  it("gives the first day of each period notation", () => {
    expect(periodStart("2026")).toBe("2026-01-01");
    expect(periodStart("2026-H1")).toBe("2026-01-01");
    expect(periodStart("2026-H2")).toBe("2026-07-01");
    expect(periodStart("2026-Q1")).toBe("2026-01-01");
    expect(periodStart("2026-Q4")).toBe("2026-10-01");
    expect(periodStart("2026-05")).toBe("2026-05-01");
    expect(periodStart("2026-12")).toBe("2026-12-01");
  });
});
