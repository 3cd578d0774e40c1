import { describe, expect, it } from "vitest";
import { exactJsonBody } from "../../../connectors/salesforce/exact-json.ts";
import { createSalesforceConnector } from "../../../connectors/salesforce/index.ts";
import {
  assertJsonSourceText,
  JSON_SOURCE_TEXT_NODE_MAJOR,
  jsonParseGivesSourceText,
} from "../../../connectors/salesforce/json-source-text.ts";

const config = {
  auth: { kind: "access_token", instanceUrl: "http://127.0.0.1:1", accessToken: "t" },
} as const;

describe("the runtime check behind exact Salesforce amounts", () => {
  it("this runtime (the pinned Node 22) gives JSON.parse revivers the number's source text", () => {
    expect(jsonParseGivesSourceText()).toBe(true);
    expect(() => assertJsonSourceText()).not.toThrow();
    expect(JSON_SOURCE_TEXT_NODE_MAJOR).toBeLessThanOrEqual(Number(process.versions.node.split(".")[0]));
  });

  it("a runtime without it is refused with the Node version required and the one running", () => {
    let thrown: unknown;
    try {
      assertJsonSourceText(() => false, "20.11.1");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: "RUNTIME_UNSUPPORTED" });
    expect(String((thrown as Error).message)).toContain("needs Node 21 or later");
    expect(String((thrown as Error).message)).toContain("this is Node 20.11.1");
  });

  it("the connector is not created on such a runtime (checked once, at creation)", () => {
    expect(() => createSalesforceConnector(config, { jsonSourceTextProbe: () => false })).toThrow(
      /needs Node 21 or later/,
    );
    expect(() => createSalesforceConnector(config, { jsonSourceTextProbe: () => true })).not.toThrow();
  });

  it("exactJsonBody keeps the digits a double cannot hold", () => {
    expect(JSON.parse(exactJsonBody('{"Amount":1234567890123456.78,"totalSize":1}'))).toEqual({
      Amount: "1234567890123456.78",
      totalSize: 1,
    });
  });
});
