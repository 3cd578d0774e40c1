// The mappings admin: a replacement is written atomically only when valid, and reaches the
// runtime's mappings object only through applyPending (between runs).
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CrmName } from "../../../../connectors/types.ts";
import { createMappingsAdmin } from "../../../../src/service/adapters/mappings-admin.ts";
import { loadMapping, type Mapping } from "../../../../src/sync/mapping/index.ts";

let dir: string;
let live: Partial<Record<CrmName, Mapping>>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mappings-admin-"));
  await cp("mappings", dir, { recursive: true });
  live = {};
  for (const crm of ["salesforce", "hubspot"] as const) {
    const m = await loadMapping(join(dir, `${crm}.yaml`), crm);
    if (!m.ok) throw new Error("shipped mapping invalid");
    live[crm] = m.mapping;
  }
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("mappings admin", () => {
  it("rejects an invalid document with CRM-prefixed problems and writes nothing", async () => {
    const admin = await createMappingsAdmin({ dir, live });
    const before = await readFile(join(dir, "hubspot.yaml"), "utf8");
    for (const document of [
      null,
      [],
      {},
      { pipedrive: "crm: pipedrive" },
      { hubspot: 42 },
      { hubspot: "crm: [" },
    ]) {
      const result = await admin.replace(document);
      expect(result.ok).toBe(false);
    }
    const result = await admin.replace({ hubspot: { crm: "hubspot" } });
    expect(!result.ok && result.problems.every((p) => p.path.startsWith("hubspot"))).toBe(true);
    expect(await readFile(join(dir, "hubspot.yaml"), "utf8")).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(["hubspot.yaml", "salesforce.yaml"]);
  });

  it("writes a valid replacement and hands it to the runtime only on applyPending", async () => {
    const admin = await createMappingsAdmin({ dir, live });
    const old = live.hubspot;
    const text = (await readFile(join(dir, "hubspot.yaml"), "utf8")).replace(
      "name: { crm_field: name, direction: both, conflict: latest, required: true }",
      "name: { crm_field: name, direction: inbound, required: true }",
    );
    const result = await admin.replace({ hubspot: text });
    expect(result.ok).toBe(true);
    expect(await readFile(join(dir, "hubspot.yaml"), "utf8")).toBe(text);
    expect(live.hubspot).toBe(old);
    const got = (await admin.get()) as Record<
      string,
      { entities: { partner: { fields: { name: { direction: string } } } } }
    >;
    expect(got.hubspot!.entities.partner.fields.name.direction).toBe("inbound");
    admin.applyPending();
    expect(live.hubspot).not.toBe(old);
    expect(live.hubspot!.entities.partner.fields.name!.direction).toBe("inbound");
    expect(live.salesforce).toBeDefined();
  });
});
