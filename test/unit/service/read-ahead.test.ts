// Read-ahead deal pages serve exactly what the store would, in the sizes asked for, while the
// next chunk is already being read.
import { describe, expect, it } from "vitest";
import { readAhead } from "../../../src/service/adapters/read-ahead.ts";

const rows = Array.from({ length: 103 }, (_, i) => ({ id: `D-${String(i).padStart(4, "0")}` }));

function store() {
  const calls: Array<{ afterId: string | null; limit: number }> = [];
  const page = async (o: { afterId?: string | null; limit: number }) => {
    calls.push({ afterId: o.afterId ?? null, limit: o.limit });
    const from = o.afterId ? rows.findIndex((r) => r.id > o.afterId!) : 0;
    return from < 0 ? [] : rows.slice(from, from + o.limit);
  };
  return { page, calls };
}

async function readAll(page: ReturnType<typeof readAhead<{ id: string }>>, size: number) {
  const out: string[] = [];
  let afterId: string | null = null;
  for (;;) {
    const got = await page({ afterId, limit: size, withRaw: false });
    out.push(...got.map((r) => r.id));
    if (got.length < size) break;
    afterId = got.at(-1)!.id;
  }
  return out;
}

describe("read-ahead pages", () => {
  it("serves every row once, in order, in pages of the size asked", async () => {
    for (const [size, chunk] of [
      [7, 20],
      [20, 20],
      [25, 20],
      [1, 103],
      [10, 1000],
    ] as const) {
      const s = store();
      expect(await readAll(readAhead(s.page, chunk), size), `size ${size} chunk ${chunk}`).toEqual(
        rows.map((r) => r.id),
      );
      // Chunks, not pages, reach the store.
      expect(s.calls.every((c) => c.limit === chunk)).toBe(true);
    }
  });

  it("reads the next chunk before it is asked for", async () => {
    const s = store();
    const page = readAhead(s.page, 20);
    await page({ afterId: null, limit: 10 });
    expect(s.calls.map((c) => c.afterId)).toEqual([null, "D-0019"]);
  });

  it("starts over when a request does not continue the last one", async () => {
    const s = store();
    const page = readAhead(s.page, 20);
    await page({ afterId: null, limit: 10 });
    const jumped = await page({ afterId: "D-0050", limit: 3 });
    expect(jumped.map((r) => r.id)).toEqual(["D-0051", "D-0052", "D-0053"]);
  });

  it("passes a store failure to the caller, and a failed read-ahead nobody awaits stays quiet", async () => {
    let n = 0;
    const page = readAhead(async (o: { afterId?: string | null; limit: number }) => {
      n++;
      if (n === 2) throw new Error("store down");
      return rows.slice(0, o.limit);
    }, 20);
    await page({ afterId: null, limit: 10 }); // read-ahead (call 2) fails in the background
    await page({ afterId: "D-0009", limit: 10 }); // served from the buffer
    await expect(page({ afterId: "D-0019", limit: 10 })).rejects.toThrow("store down");
  });
});
