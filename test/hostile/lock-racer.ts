// Run as a child process by data-folder-lock.test.ts: waits for the agreed moment, then tries to
// take the data folder's lock and prints `won` or `busy` (holding a won lock a little while, as
// a real process would, so a second winner could not hide behind an early release).
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
  setTimeout(() => {
    release();
  }, 500);
} catch (error) {
  if (!(error instanceof StoreBusyError)) throw error;
  process.stdout.write("busy\n");
}
