import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/service/config.ts";

const TOKEN = "0123456789abcdef0123456789abcdef";
const SF = {
  SALESFORCE_AUTH: "access_token",
  SALESFORCE_ACCESS_TOKEN: "sf-secret-token",
  SALESFORCE_INSTANCE_URL: "https://acme.my.salesforce.com",
};
const HS = { HUBSPOT_ACCESS_TOKEN: "pat-na1-hs-secret" };

describe("loadConfig", () => {
  it("applies the documented defaults: sandbox mode, PGlite, admin API off, nightly reconcile at 02:00 UTC", () => {
    const result = loadConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      port: 8080,
      logLevel: "info",
      adminToken: null,
      store: { kind: "pglite", dataDir: "./data" },
      schedule: { enabled: true, reconcileCron: "0 2 * * *", reconcileTz: "UTC", syncCron: "*/5 * * * *" },
      salesforceOrgId: null,
      salesforceWebhookSecret: null,
      salesforceWebhookRateLimit: 120,
      bodyLimit: "1mb",
      mode: "sandbox",
      crms: { salesforce: false, hubspot: false },
    });
  });

  it("lists every problem at once, never echoing a value", () => {
    const result = loadConfig({
      PORT: "eighty",
      LOG_LEVEL: "loud",
      ADMIN_TOKEN: "short-secret",
      DATABASE_URL: "mysql://u:hunter2@db/x",
      RECONCILE_CRON: "every night",
      RECONCILE_TZ: "Mars/Olympus",
      SYNC_CRON: "*/5 * *",
      SCHEDULER_ENABLED: "maybe",
      SALESFORCE_ORG_ID: "001000000000000",
      BODY_LIMIT: "lots",
      SHUTDOWN_TIMEOUT_MS: "-1",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const keys = result.problems.map((p) => p.split(":")[0]);
    expect(keys.sort()).toEqual(
      [
        "ADMIN_TOKEN",
        "BODY_LIMIT",
        "DATABASE_URL",
        "LOG_LEVEL",
        "PORT",
        "RECONCILE_CRON",
        "RECONCILE_TZ",
        "SALESFORCE_ORG_ID",
        "SCHEDULER_ENABLED",
        "SHUTDOWN_TIMEOUT_MS",
        "SYNC_CRON",
      ].sort(),
    );
    const text = result.problems.join("\n");
    expect(text).not.toContain("short-secret");
    expect(text).not.toContain("hunter2");
  });

  it("reads booleans with stringbool: 'false' is false (z.coerce.boolean would say true)", () => {
    const off = loadConfig({ SCHEDULER_ENABLED: "false" });
    expect(off.ok && off.config.schedule.enabled).toBe(false);
    const on = loadConfig({ SCHEDULER_ENABLED: "1" });
    expect(on.ok && on.config.schedule.enabled).toBe(true);
  });

  it("reads the HubSpot cards' app secret (the webhook secret when unset) and portal id", () => {
    const cards = (env: Record<string, string>) => {
      const r = loadConfig(env);
      return r.ok ? { secret: r.config.hubspotAppSecret, portal: r.config.hubspotPortalId } : r.problems;
    };
    expect(cards({})).toEqual({ secret: null, portal: null });
    expect(cards({ HUBSPOT_WEBHOOK_SECRET: "webhook-secret" })).toEqual({
      secret: "webhook-secret",
      portal: null,
    });
    expect(
      cards({
        HUBSPOT_WEBHOOK_SECRET: "webhook-secret",
        HUBSPOT_APP_CLIENT_SECRET: "app-secret",
        HUBSPOT_PORTAL_ID: "62515",
      }),
    ).toEqual({ secret: "app-secret", portal: "62515" });
    expect(cards({ HUBSPOT_PORTAL_ID: "portal-1", HUBSPOT_APP_CLIENT_SECRET: "short" })).toEqual([
      "HUBSPOT_APP_CLIENT_SECRET: must be at least 8 characters",
      "HUBSPOT_PORTAL_ID: must be a HubSpot portal (account) id: digits",
    ]);
  });

  it("treats empty variables as unset", () => {
    const result = loadConfig({ PORT: "", ADMIN_TOKEN: "", DATABASE_URL: "" });
    expect(result.ok && result.config.port).toBe(8080);
    expect(result.ok && result.config.adminToken).toBe(null);
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const result = loadConfig({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test" });
    expect(result.ok && result.config.store).toEqual({
      kind: "postgres",
      url: "postgres://postgres@127.0.0.1:5432/test",
    });
  });

  it("connects when both CRMs have credentials, and then requires SALESFORCE_ORG_ID", () => {
    const missingOrg = loadConfig({ ...SF, ...HS });
    expect(missingOrg.ok).toBe(false);
    expect(!missingOrg.ok && missingOrg.problems[0]).toMatch(
      /^SALESFORCE_ORG_ID: required in connected mode/,
    );
    const ok = loadConfig({ ...SF, ...HS, SALESFORCE_ORG_ID: "00D5e000000KQ2eEAG", ADMIN_TOKEN: TOKEN });
    expect(ok.ok && ok.config.mode).toBe("connected");
    expect(ok.ok && ok.config.adminToken).toBe(TOKEN);
  });

  it("connects only the CRM that has credentials (deals may live in one CRM)", () => {
    const hubspotOnly = loadConfig({ ...HS });
    expect(hubspotOnly.ok && hubspotOnly.config.mode).toBe("connected");
    expect(hubspotOnly.ok && hubspotOnly.config.crms).toEqual({ salesforce: false, hubspot: true });
    const salesforceOnly = loadConfig({ ...SF });
    expect(!salesforceOnly.ok && salesforceOnly.problems[0]).toMatch(/^SALESFORCE_ORG_ID: required/);
    const ok = loadConfig({ ...SF, SALESFORCE_ORG_ID: "00D5e000000KQ2eEAG" });
    expect(ok.ok && ok.config.crms).toEqual({ salesforce: true, hubspot: false });
  });

  it("layers the environment over CONFIG_FILE (YAML or JSON) and reports unknown keys in the file", () => {
    const files: Record<string, string> = {
      "/etc/incentives.yaml": "PORT: 9000\nRECONCILE_TZ: Europe/Paris\nSCHEDULER_ENABLED: false\n",
      "/etc/incentives.json": JSON.stringify({ PORT: 9001, RECONCILE_CRONN: "0 3 * * *" }),
    };
    const readFile = (path: string) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file ${path}`);
      return text;
    };
    const yaml = loadConfig({ CONFIG_FILE: "/etc/incentives.yaml", PORT: "9100" }, { readFile });
    expect(
      yaml.ok && [yaml.config.port, yaml.config.schedule.reconcileTz, yaml.config.schedule.enabled],
    ).toEqual([9100, "Europe/Paris", false]);
    const json = loadConfig({ CONFIG_FILE: "/etc/incentives.json", LOG_LEVEL: "nope" }, { readFile });
    expect(json.ok).toBe(false);
    expect(!json.ok && json.problems).toHaveLength(2); // the unknown key and LOG_LEVEL together
    const missing = loadConfig({ CONFIG_FILE: "/etc/none.yaml" }, { readFile });
    expect(!missing.ok && missing.problems[0]).toMatch(/^CONFIG_FILE: cannot read \/etc\/none.yaml/);
  });

  it("adds problems from extra checks (the connectors' own config parsers) to the same list", () => {
    const result = loadConfig(
      { PORT: "x" },
      { extraChecks: [() => ["SALESFORCE_LOGIN_URL: must be a URL"]] },
    );
    expect(!result.ok && result.problems).toEqual([
      expect.stringMatching(/^PORT:/),
      "SALESFORCE_LOGIN_URL: must be a URL",
    ]);
  });
});
