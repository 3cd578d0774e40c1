// vitest globalSetup for the browser tests: the console must be built from the current sources
// (npm ci builds it through `prepare`; a developer who edited console/src since gets a rebuild).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export default function setup(): void {
  const built = "console/dist/index.html";
  const sources = Math.max(newest("console/src"), statSync("console/index.html").mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const r = spawnSync("npm", ["run", "--silent", "build"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("building the console failed");
}
