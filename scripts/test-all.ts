// `npm test`: every test runner of the project, one after another, so one command covers them
// all: vitest (unit, integration, hostile and browser projects), then jest for the Salesforce
// Lightning Web Components (sfdx-lwc-jest, run from the SFDX project it needs as working folder).
// With TEST_REPORT_DIR set (CI), each runner also writes a JSON report there in the shape
// vitest and jest share (numPassedTests, numFailedTests, …); `.ci/run` sums them into one line.
// A runner that ends without writing its report (crashed, killed) gets one that counts a failed
// test, so the summary line can never hide a runner that did not report.
// Extra arguments go to vitest (e.g. `npm test -- test/unit/engine`).
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

interface Runner {
  name: string;
  /** Working folder (default: the repository root). */
  cwd?: string;
  /** The command line, given where (if anywhere) its JSON report should go (an absolute path). */
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
  {
    name: "jest-lwc",
    cwd: "connectors/salesforce/metadata",
    command: (report) => ["jest", "--ci", ...(report ? ["--json", `--outputFile=${report}`] : [])],
  },
];

const reportDir = process.env.TEST_REPORT_DIR;
const extra = process.argv.slice(2);
let failed = 0;
for (const runner of runners) {
  const report = reportDir ? resolve(reportDir, `${runner.name}.json`) : undefined;
  const [bin, ...args] = runner.command(report, runner.name === "vitest" ? extra : []);
  const result = spawnSync(bin!, args, { stdio: "inherit", shell: false, cwd: runner.cwd });
  if (result.status !== 0) {
    failed++;
    console.error(`${runner.name} failed (exit ${result.status ?? result.signal ?? result.error?.message})`);
  }
  if (report && !existsSync(report)) {
    const missing = {
      numPassedTests: 0,
      numFailedTests: 1,
      numTotalTests: 1,
      numPendingTests: 0,
      numTodoTests: 0,
    };
    writeFileSync(report, JSON.stringify({ ...missing, note: `${runner.name} wrote no report` }));
  }
}
process.exit(failed ? 1 : 0);
