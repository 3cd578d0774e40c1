// Issue #20, point 6: a YAML alias bomb ("billion laughs") in a mapping used to escape the
// loader as a ReferenceError: a stack trace and exit 1 from the CLI, 500 from PUT /api/mappings.
// It is now a mapping problem like any other: exit 2, 400 VALIDATION_FAILED.
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMapping } from "../../src/sync/mapping/index.ts";
import { type SandboxService, startSandboxService } from "../integration/service/sandbox-harness.ts";

/** Nine levels of nine aliases each: 9^9 (387 million) nodes once expanded. */
function aliasBomb(): string {
  const lines = ['a0: &a0 "lol"'];
  for (let i = 1; i <= 9; i++) {
    const prev = Array.from({ length: 9 }, () => `*a${i - 1}`).join(", ");
    lines.push(`a${i}: &a${i} [${prev}]`);
  }
  return `crm: hubspot\nversion: 1\n${lines.join("\n")}\nentities: *a9\n`;
}

describe("YAML alias bomb in a mapping", () => {
  it("parseMapping: one problem naming the alias limit, no throw", () => {
    const r = parseMapping(aliasBomb(), "hubspot");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.message).toMatch(/^YAML aliases rejected: .*alias/i);
  });

  it("`incentives mappings validate --offline`: exit 2, the problem on stdout, no stack trace", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hostile-mapping-"));
    await cp("mappings", dir, { recursive: true });
    await writeFile(join(dir, "hubspot.yaml"), aliasBomb());
    const r = spawnSync(
      process.execPath,
      ["src/cli/main.ts", "mappings", "validate", "--offline", "--mapping-dir", dir],
      { encoding: "utf8", env: { ...process.env, HUBSPOT_ACCESS_TOKEN: "", SALESFORCE_AUTH: "" } },
    );
    expect(r.status).toBe(2);
    expect(`${r.stdout}${r.stderr}`).toMatch(/YAML aliases rejected/);
    expect(r.stderr).not.toMatch(/ReferenceError|\n\s+at /);
  });
});

describe("PUT /api/mappings with an alias bomb", () => {
  let s: SandboxService;
  beforeAll(async () => {
    s = await startSandboxService({ partners: 4, deals: 10 });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it("answers 400 VALIDATION_FAILED and leaves the file as it was", async () => {
    const file = join(s.mappingsDir, "hubspot.yaml");
    const before = await readFile(file, "utf8");
    const res = await s.api("/api/mappings", { method: "PUT", body: { mapping: { hubspot: aliasBomb() } } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; errors: Array<{ path: string; message: string }> };
    };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.errors.some((e) => /YAML aliases rejected/.test(e.message))).toBe(true);
    expect(await readFile(file, "utf8")).toBe(before);
  });
});
