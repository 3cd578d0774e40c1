// `incentives reconcile` in its own process, as an operator runs it, configured only by the
// documented environment variables (plus the data folder): what the dead-CRM tests drive.
import { spawn } from "node:child_process";

export interface ProcessRun {
  status: number | null;
  /** stdout and stderr together, in arrival order. */
  output: string;
}

export function reconcileProcess(dataDir: string, env: Record<string, string>): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["src/cli/main.ts", "reconcile"], {
      env: { PATH: process.env.PATH ?? "", TZ: "UTC", DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (status) => resolve({ status, output }));
  });
}
