// Crash-safety test hook: INCENTIVES_CRASH_AT=<checkpoint>:<n> kills the process with SIGKILL
// the n-th time the named checkpoint is passed (e.g. `outbound.batch:2`). It lets
// test/integration/sync/crash.test.ts stop a real reconcile at chosen points. Only the test
// build honours it (NODE_ENV=test, which vitest sets and the crash test passes on): an operator
// who sets the variable by accident, or copies it from a test, gets an ordinary run.
const armed = process.env.NODE_ENV === "test";
const spec = armed ? process.env.INCENTIVES_CRASH_AT : undefined;
const [crashName, crashCount] = spec ? [spec.split(":")[0], Number(spec.split(":")[1] ?? "1")] : [null, 0];
const seen = new Map<string, number>();

export function checkpoint(name: string): void {
  if (crashName === null || name !== crashName) return;
  const n = (seen.get(name) ?? 0) + 1;
  seen.set(name, n);
  if (n >= crashCount) process.kill(process.pid, "SIGKILL");
}
