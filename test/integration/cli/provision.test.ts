import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSalesforceMetadata } from "../../../connectors/salesforce/metadata-loader.ts";
import { startHubSpotEmulator } from "../../../sandbox/hubspot/server.ts";
import { startSalesforceEmulator } from "../../../sandbox/salesforce/server.ts";

// Spawned asynchronously: the emulators answer from this process's event loop.
function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["src/cli/main.ts", ...args], {
      env: { PATH: process.env.PATH ?? "", TZ: "UTC", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("incentives provision", () => {
  let hubspot: Awaited<ReturnType<typeof startHubSpotEmulator>>;
  let bareOrg: Awaited<ReturnType<typeof startSalesforceEmulator>>;
  let provisionedOrg: Awaited<ReturnType<typeof startSalesforceEmulator>>;

  beforeAll(async () => {
    hubspot = await startHubSpotEmulator({ port: 0, rateLimits: { enabled: false } });
    bareOrg = await startSalesforceEmulator({ port: 0 });
    const meta = await loadSalesforceMetadata();
    provisionedOrg = await startSalesforceEmulator({
      port: 0,
      customObjects: meta.objects,
      customFields: meta.fields,
    });
  });
  afterAll(async () => {
    await Promise.all([hubspot.close(), bareOrg.close(), provisionedOrg.close()]);
  });

  const hubspotEnv = () => ({ HUBSPOT_ACCESS_TOKEN: "pat-na1-sandbox-0000", HUBSPOT_BASE_PATH: hubspot.url });
  const salesforceEnv = (org: typeof bareOrg) => ({
    SALESFORCE_AUTH: "access_token",
    SALESFORCE_INSTANCE_URL: org.url,
    SALESFORCE_ACCESS_TOKEN: org.accessToken,
  });

  it("hubspot: --check reports missing properties and changes nothing, then provisioning is idempotent", async () => {
    const before = await cli(["provision", "--check", "hubspot"], hubspotEnv());
    expect(before.stdout).toContain("would ");
    expect(before.stdout).toContain("incentive_amount");
    const first = await cli(["provision", "hubspot"], hubspotEnv());
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("incentive_key");
    const second = await cli(["provision", "hubspot"], hubspotEnv());
    expect(second.status).toBe(0);
    expect(second.stdout.trim()).toBe("hubspot: every field the product reads and writes is in place.");
  });

  it("salesforce: a bare org lists the missing metadata; a provisioned org has none", async () => {
    const bare = await cli(["provision", "--check", "salesforce"], salesforceEnv(bareOrg));
    expect(bare.status).toBe(1);
    expect(bare.stdout).toMatch(/missing\s+Opportunity\.Incentive_Amount__c/);
    expect(bare.stdout).toMatch(/missing\s+Incentive_Payout__c\./);
    const done = await cli(["provision", "--check", "salesforce"], salesforceEnv(provisionedOrg));
    expect(done.stdout.trim()).toBe("salesforce: every field the product reads and writes is in place.");
    expect(done.status).toBe(0);
  });

  it("salesforce: --crm salesforce (the form sync and mappings take) answers as the positional does", async () => {
    const bare = await cli(["provision", "--crm", "salesforce", "--check"], salesforceEnv(bareOrg));
    expect(bare.status).toBe(1);
    expect(bare.stdout).toMatch(/missing\s+Opportunity\.Incentive_Amount__c/);
    const done = await cli(["provision", "--crm", "salesforce"], salesforceEnv(provisionedOrg));
    expect(done.stdout.trim()).toBe("salesforce: every field the product reads and writes is in place.");
    expect(done.status).toBe(0);
  });

  it("rejects a missing CRM name and bad config with exit 2", async () => {
    expect((await cli(["provision"], {})).status).toBe(2);
    const bad = await cli(["provision", "salesforce"], { SALESFORCE_AUTH: "jwt" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("salesforce configuration is invalid");
    const unknown = await cli(["provision", "--crm", "pipedrive"], {});
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("--crm must be salesforce or hubspot");
    const both = await cli(["provision", "--crm", "salesforce", "hubspot"], {});
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("not both");
  });
});
