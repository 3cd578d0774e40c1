import { describe, expect, it } from "vitest";
import { configuredCrms } from "../../connectors/credentials.ts";

describe("configuredCrms", () => {
  it("connects a CRM when any of its credential variables is set, so a forgotten one is reported, not ignored", () => {
    expect(configuredCrms({})).toEqual({ salesforce: false, hubspot: false });
    expect(configuredCrms({ SALESFORCE_CLIENT_ID: "3MVG9", SALESFORCE_AUTH: "" })).toEqual({
      salesforce: true,
      hubspot: false,
    });
    expect(configuredCrms({ HUBSPOT_REFRESH_TOKEN: "r" })).toEqual({ salesforce: false, hubspot: true });
  });
});
