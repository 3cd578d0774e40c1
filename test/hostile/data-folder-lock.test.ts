// Issue #20, point 5 (PGlite): with a stale lock file in the data folder, two processes started
// in the same millisecond both took the folder (60 trials out of 60) — two writers on one
// embedded database. Real child processes race for it here, started at one agreed instant.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lockDataDir, processAlive, StoreBusyError } from "../../src/store/dir-lock.ts";

/** The pid of a process that has exited (what a crashed owner leaves in its lock file). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.on("exit", resolve));
  expect(processAlive(child.pid!)).toBe(false);
  return child.pid!;
}

/** Starts a racer; `answer` resolves with its `won`/`busy`, `done` once it exited (after `finish`). */
function racer(dataDir: string, startAt: number): { answer: Promise<string>; finish: () => Promise<void> } {
  const child = spawn(process.execPath, ["test/hostile/lock-racer.ts", dataDir, String(startAt)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  // A busy racer has exited by the time its stdin is closed: nothing to report.
  child.stdin.on("error", () => {});
  let out = "";
  let err = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const answer = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.trim());
    });
    child.stderr.on("data", (d) => (err += d));
    void exited.then((status) => (status === 0 ? resolve(out.trim()) : reject(new Error(err))));
  });
  return {
    answer,
    finish: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

const TRIALS = 12;
const RACERS = 3;

describe("the PGlite data folder's lock", () => {
  it(`a stale lock and ${RACERS} processes started at the same instant: exactly one takes the folder (${TRIALS} trials)`, async () => {
    const winners: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = await mkdtemp(join(tmpdir(), "incentives-lock-race-"));
      try {
        writeFileSync(join(dir, "incentives.lock"), String(await deadPid()));
        // Far enough ahead for every child to have loaded and be spinning.
        const startAt = Date.now() + 1_500;
        const racers = Array.from({ length: RACERS }, () => racer(dir, startAt));
        // Every answer is in before the winner lets go of the folder.
        const results = await Promise.all(racers.map((r) => r.answer));
        await Promise.all(racers.map((r) => r.finish()));
        expect(
          results.every((r) => r === "won" || r === "busy"),
          results.join(","),
        ).toBe(true);
        winners.push(results.filter((r) => r === "won").length);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    expect(winners).toEqual(Array.from({ length: TRIALS }, () => 1));
  });

  it("a live owner keeps the folder; its release lets the next one in; no guard is left behind", async () => {
    const dir = await mkdtemp(join(tmpdir(), "incentives-lock-"));
    try {
      const release = lockDataDir(dir);
      expect(readFileSync(join(dir, "incentives.lock"), "utf8")).toBe(String(process.pid));
      expect(() => lockDataDir(dir)).toThrow(StoreBusyError);
      expect(() => lockDataDir(dir)).toThrow(/in use by process \d+ \(this one\)/);
      release();
      const again = lockDataDir(dir);
      again();
      // A guard left by a process killed mid-takeover does not block forever.
      writeFileSync(join(dir, "incentives.lock"), String(await deadPid()));
      writeFileSync(join(dir, "incentives.lock.takeover"), String(await deadPid()));
      const old = new Date(Date.now() - 60_000);
      const { utimesSync } = await import("node:fs");
      utimesSync(join(dir, "incentives.lock.takeover"), old, old);
      const taken = lockDataDir(dir);
      expect(existsSync(join(dir, "incentives.lock.takeover"))).toBe(false);
      taken();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
