import { generateKeyPairSync } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSalesforceConnector } from "../../../connectors/salesforce/index.ts";
import { loadSalesforceMetadata } from "../../../connectors/salesforce/metadata-loader.ts";
import { DEPLOY_HINT } from "../../../connectors/salesforce/provision.ts";
import { startSalesforceEmulator } from "../../../sandbox/salesforce/server.ts";
import { connectorFor, type Emulator, readAll, startProvisionedOrg } from "./helpers.ts";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const silent = { logger: pino({ level: "silent" }) };

describe("Salesforce auth against the emulator", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startProvisionedOrg({
      jwtCertificate: publicKey.export({ type: "spki", format: "pem" }).toString(),
    });
    emulator.org.insert("Account", { Name: "Auth partner", IsPartner: true });
  });
  afterAll(() => emulator.close());

  const tokenCalls = () =>
    Object.entries(emulator.org.calls().byEndpoint)
      .filter(([k]) => k.includes("oauth2/token"))
      .reduce((sum, [, n]) => sum + n, 0);

  it("refresh token: an expired session is refreshed once and the call is retried", async () => {
    const connector = createSalesforceConnector(
      {
        auth: {
          kind: "refresh_token",
          loginUrl: emulator.url,
          clientId: "sandbox-consumer-key",
          clientSecret: "sandbox-consumer-secret",
          refreshToken: "5Aep861SANDBOX.refresh-token",
        },
      },
      silent,
    );
    emulator.org.resetCalls();
    const before = await readAll(connector, {
      object: "Account",
      fields: ["Name"],
      mode: "full",
      cursor: null,
    });
    expect(before.flatMap((p) => p.records)).toHaveLength(1);
    expect(tokenCalls()).toBe(1);
    emulator.org.expireTokens();
    const after = await readAll(connector, {
      object: "Account",
      fields: ["Name"],
      mode: "full",
      cursor: null,
    });
    expect(after.flatMap((p) => p.records)).toHaveLength(1);
    expect(tokenCalls()).toBe(2); // exactly one refresh
    expect(emulator.org.calls().byStatus["401"]).toBe(1);
    // Echo suppression: the records we write carry the integration user as LastModifiedById.
    expect(await connector.integrationUserId()).toBe(emulator.org.users.integration);
  });

  it("JWT bearer: the connector signs its own assertion and refreshes with a new one", async () => {
    const connector = createSalesforceConnector(
      {
        auth: {
          kind: "jwt",
          loginUrl: emulator.url,
          consumerKey: "sandbox-consumer-key",
          username: "integration@partner-incentives.sandbox",
          privateKey: pem,
        },
      },
      silent,
    );
    emulator.org.resetCalls();
    expect((await connector.describe("Account")).fields.some((f) => f.name === "Partner_Tier__c")).toBe(true);
    emulator.org.expireTokens();
    expect((await connector.describe("Opportunity")).object).toBe("Opportunity");
    expect(tokenCalls()).toBe(2);
    expect(emulator.org.calls().byStatus["401"]).toBe(1);
  });

  it("client credentials log in", async () => {
    const connector = createSalesforceConnector(
      {
        auth: {
          kind: "client_credentials",
          loginUrl: emulator.url,
          clientId: "sandbox-consumer-key",
          clientSecret: "sandbox-consumer-secret",
        },
      },
      silent,
    );
    const account = await connector.describe("Account");
    expect(account.object).toBe("Account");
  });
});

describe("provision --check", () => {
  it("reports every declared field missing on a bare org", async () => {
    const bare = await startSalesforceEmulator();
    try {
      const { connector } = connectorFor(bare);
      const report = await connector.provision({ check: true });
      expect(report.changes).toEqual([]);
      // Every field the package declares: those written (payout operations, ladders, the CRM pages'
      // data of issue #13, …) and the inputs the shipped mapping reads (Gross_Margin__c: #21).
      const metadata = await loadSalesforceMetadata();
      const payoutFields = metadata.objects.find((o) => o.fullName === "Incentive_Payout__c")!.fields.length;
      expect(payoutFields).toBe(11);
      expect(report.problems.length).toBe(metadata.fields.length + payoutFields);
      expect(report.problems).toContainEqual({
        object: "Opportunity",
        field: "Gross_Margin__c",
        problem: "missing",
        detail: "Currency field not in the org",
      });
      expect(report.problems.every((p) => p.problem === "missing")).toBe(true);
      expect(report.problems).toContainEqual({
        object: "Opportunity",
        field: "Incentive_Amount__c",
        problem: "missing",
        detail: "Currency field not in the org",
      });
      expect(report.problems.filter((p) => p.object === "Incentive_Payout__c")).toHaveLength(payoutFields);
      const apply = await connector.provision({ check: false });
      expect(apply.problems.at(-1)).toMatchObject({ problem: "other", detail: DEPLOY_HINT });
    } finally {
      await bare.close();
    }
  });

  it("reports nothing on an org provisioned from the same metadata", async () => {
    const org = await startProvisionedOrg();
    try {
      const { connector } = connectorFor(org);
      expect(await connector.provision({ check: true })).toEqual({ changes: [], problems: [] });
    } finally {
      await org.close();
    }
  });

  it("reports an incompatible field", async () => {
    const org = await startSalesforceEmulator({
      customFields: [
        { fullName: "Opportunity.Incentive_Amount__c", type: "Text", length: 20 },
        {
          fullName: "Opportunity.Incentive_Status__c",
          type: "Picklist",
          values: [{ fullName: "Earned" }, { fullName: "Pending" }],
        },
      ],
    });
    try {
      const { connector } = connectorFor(org);
      const problems = (await connector.provision({ check: true })).problems.filter(
        (p) => p.problem !== "missing",
      );
      expect(problems).toEqual([
        {
          object: "Opportunity",
          field: "Incentive_Amount__c",
          problem: "wrong_type",
          detail: "expected currency, org has string",
        },
        {
          object: "Opportunity",
          field: "Incentive_Status__c",
          problem: "missing_picklist_value",
          detail: "picklist lacks 'Forfeited'",
        },
        {
          object: "Opportunity",
          field: "Incentive_Status__c",
          problem: "missing_picklist_value",
          detail: "picklist lacks 'Clawed Back'",
        },
      ]);
    } finally {
      await org.close();
    }
  });
});
