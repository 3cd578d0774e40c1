// PGlite is one process's database: two processes opening the same data folder would corrupt
// it. A lock file holding the owner's pid makes the second one fail fast instead.
//
// Taking it is an exclusive create (O_CREAT|O_EXCL, "wx"): of any number of processes, one
// creates it. A lock left by a dead process must be replaced, and that is where the old code
// raced (issue #20, point 5: with a stale lock, two processes started in the same millisecond
// both took the folder, 60 trials out of 60): both saw the dead owner, the first removed the
// stale file and created its own, then the second removed *that* one and created its own.
// Now a stale lock is only ever removed under a takeover guard — a second exclusive-create file —
// and its owner is read again under the guard, so a fresh lock is never mistaken for the stale
// one. The guard is held for the microseconds of the takeover; one left by a process killed in
// that window is cleared once it is older than GUARD_STALE_MS.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

export class StoreBusyError extends Error {
  readonly code = "store_busy";
}

/** A takeover takes microseconds; a guard this old belongs to a process that died in it. */
export const GUARD_STALE_MS = 5_000;

/** True while a process with this pid exists (EPERM: it does, but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Creates `path` holding our pid, or returns false when it exists. */
function createExclusive(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if (code(error) === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The pid in a lock file; NaN when it is gone or not written yet. */
function ownerOf(path: string): number {
  try {
    return Number.parseInt(readFileSync(path, "utf8"), 10);
  } catch {
    return Number.NaN;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes the folder's lock (replacing a dead owner's); returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, "incentives.lock");
  const guard = join(dataDir, "incentives.lock.takeover");
  const busy = (owner: number) =>
    new StoreBusyError(
      `data folder ${dataDir} is in use by process ${owner}${owner === process.pid ? " (this one)" : ""}; ` +
        "the embedded store serves one process at a time (set DATABASE_URL to share a PostgreSQL server)",
    );
  const release = () => removeQuietly(path);
  for (let attempt = 0; attempt < 50; attempt++) {
    if (createExclusive(path)) return release;
    const owner = ownerOf(path);
    if (Number.isNaN(owner)) {
      // Just created and not written yet, or removed meanwhile: look again shortly.
      sleepSync(2);
      continue;
    }
    if (processAlive(owner)) throw busy(owner);
    // Stale. Only the holder of the guard may remove it.
    if (!createExclusive(guard)) {
      const guardOwner = ownerOf(guard);
      let age = 0;
      try {
        age = Date.now() - statSync(guard).mtimeMs;
      } catch {
        // Released meanwhile.
      }
      if (age > GUARD_STALE_MS && !(Number.isInteger(guardOwner) && processAlive(guardOwner))) {
        removeQuietly(guard);
      }
      sleepSync(2); // another process is replacing the stale lock: see what it made of it
      continue;
    }
    try {
      // Under the guard the lock file can only change by a fresh exclusive create: read again.
      const current = ownerOf(path);
      if (Number.isInteger(current) && processAlive(current)) throw busy(current);
      if (current === owner) removeQuietly(path);
      if (createExclusive(path)) return release;
      // Someone created it between the removal and our create (a plain create needs no guard).
    } finally {
      removeQuietly(guard);
    }
  }
  throw new StoreBusyError(`could not take the lock on data folder ${dataDir}`);
}
