// integrationUserId() with a fixed access token (the sandbox's auth): no token response names
// the user, so the connector reads the identity URL from the REST resource directory, once.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSalesforceConnector } from "../../../connectors/salesforce/index.ts";
import { connectorFor, type Emulator, startProvisionedOrg } from "./helpers.ts";

const DIRECTORY = "GET /services/data/vXX.X/";

describe("integrationUserId with access_token auth", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startProvisionedOrg();
  });
  afterAll(() => emulator.close());

  it("is the token's user, learned with one directory call and then cached", async () => {
    const { connector } = connectorFor(emulator);
    emulator.org.resetCalls();
    expect(await connector.integrationUserId()).toBe(emulator.org.users.integration);
    expect(await connector.integrationUserId()).toBe(emulator.org.users.integration);
    expect(emulator.org.calls().byEndpoint).toEqual({ [DIRECTORY]: 1 });
  });

  it("matches LastModifiedById of the connector's own writes, and not the admin's edits", async () => {
    const opp = emulator.org.insert("Opportunity", {
      Name: "Echo check",
      CloseDate: "2026-08-31",
      StageName: "Prospecting",
    }).Id;
    const { connector } = connectorFor(emulator);
    const me = await connector.integrationUserId();
    await connector.write({
      object: "Opportunity",
      operation: "update",
      records: [{ key: opp, fields: { Incentive_Amount__c: "12.50" } }],
    });
    const [mine] = await connector.readByIds("Opportunity", [opp], ["Name"]);
    expect(mine!.modifiedBy).toBe(me);
    emulator.org.update("Opportunity", opp, { Name: "Edited by admin" });
    const [theirs] = await connector.readByIds("Opportunity", [opp], ["Name"]);
    expect(theirs!.modifiedBy).toBe(emulator.org.users.admin);
    expect(theirs!.modifiedBy).not.toBe(me);
  });

  it("follows the token's user (a token issued for another user)", async () => {
    const token = emulator.org.issueToken({ userId: emulator.org.users.admin });
    const connector = createSalesforceConnector(
      { auth: { kind: "access_token", instanceUrl: emulator.url, accessToken: token } },
      { logger: pino({ level: "silent" }) },
    );
    expect(await connector.integrationUserId()).toBe(emulator.org.users.admin);
  });

  it("is null while the directory cannot be read, and learned on a later call", async () => {
    const { connector } = connectorFor(emulator, {
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 10 },
    });
    emulator.org.setFaults({ rate503: 1 });
    try {
      expect(await connector.integrationUserId()).toBeNull();
    } finally {
      emulator.org.setFaults({});
    }
    expect(await connector.integrationUserId()).toBe(emulator.org.users.integration);
  });
});
