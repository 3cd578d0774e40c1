// PGlite is one process's database: two processes opening the same data folder would corrupt
// it. A lock file holding the owner's pid makes the second one fail fast instead.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

export class StoreBusyError extends Error {
  readonly code = "store_busy";
}

/** True while a process with this pid exists (EPERM: it does, but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the folder's lock (replacing a dead owner's); returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, "incentives.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let owner = Number.NaN;
      try {
        owner = Number.parseInt(readFileSync(path, "utf8"), 10);
      } catch {
        // Removed between our open and read: try again.
      }
      if (Number.isInteger(owner) && processAlive(owner)) {
        throw new StoreBusyError(
          `data folder ${dataDir} is in use by process ${owner}${owner === process.pid ? " (this one)" : ""}; ` +
            "the embedded store serves one process at a time (set DATABASE_URL to share a PostgreSQL server)",
        );
      }
      try {
        unlinkSync(path); // A crashed owner left it behind.
      } catch {
        // Someone else removed it first.
      }
    }
  }
  throw new StoreBusyError(`could not take the lock on data folder ${dataDir}`);
}
