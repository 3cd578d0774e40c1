// The 20-60-20 split's rules where the issue is silent (docs/analytics.md "Segments"): ties at the
// top boundary go to the middle, ties at the bottom boundary go to the bottom, fewer than five
// partners are not split.
import { describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import { splitSegments } from "../../../src/analytics/segments.ts";

const split = (values: Record<string, number>) => {
  const m = new Map(Object.entries(values).map(([id, v]) => [id, { value: new Dec(v), deals: [] }]));
  const out = splitSegments(m);
  return Object.fromEntries([...out].map(([id, s]) => [id, s.segment]));
};

describe("segments: 20-60-20", () => {
  it("ten distinct values: two top, six middle, two bottom", () => {
    const v = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`P${i}`, 100 - i]));
    const s = split(v);
    expect(Object.values(s).filter((x) => x === "top")).toHaveLength(2);
    expect(Object.values(s).filter((x) => x === "bottom")).toHaveLength(2);
    expect([s.P0, s.P1, s.P2, s.P7, s.P8, s.P9]).toEqual([
      "top",
      "top",
      "middle",
      "middle",
      "bottom",
      "bottom",
    ]);
  });

  it("a tie straddling the top boundary goes to the middle (top keeps at most 20%)", () => {
    // 10 partners, top edge 2: P1 and P2 tie for 2nd and 3rd place.
    const s = split({ P0: 100, P1: 90, P2: 90, P3: 80, P4: 70, P5: 60, P6: 50, P7: 40, P8: 30, P9: 20 });
    expect([s.P0, s.P1, s.P2]).toEqual(["top", "middle", "middle"]);
  });

  it("a tie straddling the bottom boundary goes to the bottom (bottom holds at least 20%)", () => {
    const s = split({ P0: 100, P1: 90, P2: 80, P3: 70, P4: 60, P5: 50, P6: 40, P7: 0, P8: 0, P9: 0 });
    expect([s.P6, s.P7, s.P8, s.P9]).toEqual(["middle", "bottom", "bottom", "bottom"]);
  });

  it("all equal: everyone bottom; fewer than five partners: everyone middle", () => {
    expect(new Set(Object.values(split({ A: 0, B: 0, C: 0, D: 0, E: 0 })))).toEqual(new Set(["bottom"]));
    expect(split({ A: 3, B: 2, C: 1, D: 0 })).toEqual({ A: "middle", B: "middle", C: "middle", D: "middle" });
    expect(split({})).toEqual({});
  });
});
