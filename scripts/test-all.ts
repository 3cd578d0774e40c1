// `npm test`: every test runner of the project, one after another, so one command covers them
// all. Today that is vitest alone (unit, integration, hostile and browser projects); a runner
// added later (the Salesforce components' LWC jest, say) is one more entry in `runners`.
// With TEST_REPORT_DIR set (CI), each runner also writes a JSON report there in the shape
// vitest and jest share (numPassedTests, numFailedTests, …); `.ci/run` sums them into one line.
// Extra arguments go to vitest (e.g. `npm test -- test/unit/engine`).
import { spawnSync } from "node:child_process";
import { join } from "node:path";

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
