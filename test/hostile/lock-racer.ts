// Run as a child process by data-folder-lock.test.ts: waits for the agreed moment, then tries to
// take the data folder's lock and prints `won` or `busy` (holding a won lock until the test has
// every answer, as a real process would, so a second winner could not hide behind an early release).
import { lockDataDir, StoreBusyError } from "../../src/store/dir-lock.ts";

const [dataDir, startAt] = process.argv.slice(2);
if (!dataDir || !startAt) throw new Error("usage: lock-racer.ts <dataDir> <startAtEpochMs>");
// Spin, not sleep: timers would spread the start by milliseconds.
while (Date.now() < Number(startAt)) {
  // waiting for the start
}
try {
  const release = lockDataDir(dataDir);
  process.stdout.write("won\n");
  // Hold the lock until the test has every racer's answer (it closes our stdin then): a racer
  // that a loaded machine starts late must find a live owner, not a folder released meanwhile.
  process.stdin.resume();
  process.stdin.on("end", () => {
    release();
    process.exit(0);
  });
} catch (error) {
  if (!(error instanceof StoreBusyError)) throw error;
  process.stdout.write("busy\n");
}
