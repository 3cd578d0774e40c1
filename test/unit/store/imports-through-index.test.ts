// The store's public surface is src/store/index.ts: code outside src/store imports the store only
// through it, so what lies behind it (drivers, repos, SQL) can move without touching callers.
// This scans every module in src/ and bench/ and names each file that reaches past the index.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");
const STORE = join(ROOT, "src", "store");
const STORE_INDEX = join(STORE, "index.ts");

function modulesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith(".d.ts"))
    .map((e) => join(e.parentPath, e.name));
}

/** Each relative import (static, dynamic, re-export) of `file` that lands in src/store past its index. */
function storeBypasses(file: string, text: string): string[] {
  if (file.startsWith(STORE + sep)) return [];
  // `from "…"` covers imports and re-exports over any number of lines; `import "…"` and
  // `import("…")` cover side-effect and dynamic imports.
  const found = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
  return found
    .filter((spec) => spec.startsWith("."))
    .filter((spec) => {
      const target = resolve(dirname(file), spec);
      return target.startsWith(STORE + sep) && target !== STORE_INDEX;
    });
}

describe("store imports", () => {
  it("nothing in src/ or bench/ outside src/store imports a store module other than src/store/index.ts", () => {
    const offenders: string[] = [];
    for (const file of [...modulesUnder(join(ROOT, "src")), ...modulesUnder(join(ROOT, "bench"))]) {
      for (const spec of storeBypasses(file, readFileSync(file, "utf8")))
        offenders.push(`${relative(ROOT, file)} imports ${spec}`);
    }
    expect(offenders, "import these through src/store/index.ts").toEqual([]);
  });

  it("catches a static, a type-only, a dynamic import and a re-export past the index, not the index itself", () => {
    const file = join(ROOT, "src", "cli", "payouts", "x.ts");
    const text = [
      'import { openStore } from "../../store/store.ts";',
      'import type { Run } from "../../store/repos/runs.ts";',
      'export { migrate } from "../../store/migrate.ts";',
      'const m = await import("../../store/pg-executor.ts");',
      "import {\n  type Run,\n  type RunKind,\n} from '../../store/repos/runs.ts';",
      'import type { Store } from "../../store/index.ts";',
      'import { x } from "../../storefront/y.ts";',
    ].join("\n");
    expect(storeBypasses(file, text)).toEqual([
      "../../store/store.ts",
      "../../store/repos/runs.ts",
      "../../store/migrate.ts",
      "../../store/pg-executor.ts",
      "../../store/repos/runs.ts",
    ]);
    expect(storeBypasses(join(STORE, "store.ts"), text)).toEqual([]);
  });
});
