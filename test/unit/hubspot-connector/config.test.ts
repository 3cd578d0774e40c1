import { describe, expect, it } from "vitest";
import { hubSpotConfigFromEnv, parseHubSpotConfig } from "../../../connectors/hubspot/config.ts";

describe("HubSpot config", () => {
  it("lists every problem at once, without echoing secret values", () => {
    const r = parseHubSpotConfig({
      auth: { kind: "oauth", clientId: "", clientSecret: "s3cr3t-value" },
      basePath: "not a url",
      dailyBudgetShare: 1.5,
      searchRatePerSecond: 50,
      batchSize: 500,
      currency: { programCurrency: "EUR", companyCurrency: "USD" },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join("\n");
    for (const path of [
      "auth.clientId",
      "auth.refreshToken",
      "basePath",
      "dailyBudgetShare",
      "searchRatePerSecond",
      "batchSize",
      "currency.rates.EUR",
    ]) {
      expect(text).toContain(path);
    }
    expect(text).not.toContain("s3cr3t-value");
  });

  it("applies defaults: partner label, 80% daily share, batch 100", () => {
    const r = parseHubSpotConfig({ auth: { kind: "private-app", accessToken: "pat-na1-abcdefghijkl" } });
    expect(r.ok && r.config).toMatchObject({
      partnerLabel: "Partner",
      dailyBudgetShare: 0.8,
      batchSize: 100,
      basePath: "https://api.hubapi.com",
      currency: { programCurrency: "USD", companyCurrency: "USD" },
    });
  });

  it("reads HUBSPOT_* variables", () => {
    const raw = hubSpotConfigFromEnv({
      HUBSPOT_CLIENT_ID: "id",
      HUBSPOT_CLIENT_SECRET: "secret",
      HUBSPOT_REFRESH_TOKEN: "refresh",
      HUBSPOT_BASE_PATH: "http://127.0.0.1:9999/",
      HUBSPOT_PROGRAM_CURRENCY: "EUR",
      HUBSPOT_COMPANY_CURRENCY: "USD",
      HUBSPOT_FX_RATES: "EUR=1.08, GBP=1.27",
      HUBSPOT_DAILY_BUDGET_SHARE: "0.5",
      HUBSPOT_PARTNER_LABEL: "Reseller",
    });
    const r = parseHubSpotConfig(raw);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.auth.kind).toBe("oauth");
    expect(r.config.basePath).toBe("http://127.0.0.1:9999");
    expect(r.config.currency.rates).toEqual({ EUR: "1.08", GBP: "1.27" });
    expect(r.config.dailyBudgetShare).toBe(0.5);
    expect(r.config.partnerLabel).toBe("Reseller");
  });

  it("rejects a non-numeric env value as a problem rather than a default", () => {
    const r = parseHubSpotConfig(
      hubSpotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: "pat-na1-abcdefghijkl", HUBSPOT_SEARCH_RATE: "fast" }),
    );
    expect(r.ok).toBe(false);
    // The problem names the variable and the setting; nothing else is wrong with this environment.
    if (!r.ok) expect(r.problems).toEqual(["HUBSPOT_SEARCH_RATE (searchRatePerSecond): not a number"]);
  });
});

describe("createHubSpotConnectorFromEnv", () => {
  it("throws one error listing every problem", async () => {
    const { createHubSpotConnectorFromEnv } = await import("../../../connectors/hubspot/index.ts");
    expect(() => createHubSpotConnectorFromEnv({ HUBSPOT_DAILY_BUDGET_SHARE: "2" })).toThrow(
      expect.objectContaining({
        code: "HUBSPOT_CONFIG_INVALID",
        problems: expect.arrayContaining([
          expect.stringContaining("auth"),
          expect.stringContaining("dailyBudgetShare"),
        ]),
      }),
    );
  });
});

describe("currency conversion", () => {
  it("converts from the program currency and rounds once to the company currency's minor units", async () => {
    const { createCurrencyConverter } = await import("../../../connectors/hubspot/currency.ts");
    const { Decimal } = await import("decimal.js");
    const eurToJpy = createCurrencyConverter({
      programCurrency: "EUR",
      companyCurrency: "JPY",
      rates: { EUR: "162.35" },
    });
    expect(eurToJpy.toCompany(new Decimal("10.01")).toFixed()).toBe("1625");
    const usdToKwd = createCurrencyConverter({
      programCurrency: "USD",
      companyCurrency: "KWD",
      rates: { USD: "0.3071" },
    });
    expect(usdToKwd.toCompany(new Decimal("1000.00")).toFixed()).toBe("307.1");
    const same = createCurrencyConverter({ programCurrency: "USD", companyCurrency: "USD", rates: {} });
    expect(same.toCompany(new Decimal("12.345")).toFixed()).toBe("12.35");
  });
});
