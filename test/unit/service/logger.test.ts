import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/service/logger.ts";
import { ADMIN_TOKEN, captureLogs, jsonInit, startTestApp } from "./helpers.ts";

describe("logger redaction", () => {
  it("redacts tokens, keys, secrets and passwords by path, at any of three levels", () => {
    const logs = captureLogs();
    const logger = createLogger({}, logs.stream);
    logger.info(
      {
        token: "tok-1",
        password: "pw-2",
        config: { clientSecret: "cs-3", privateKey: "pk-4", apiKey: "ak-5", ADMIN_TOKEN: "at-6" },
        err: { response: { access_token: "acc-7", refresh_token: "ref-8" } },
        kept: "visible",
      },
      "with secrets",
    );
    const text = logs.text();
    for (const secret of ["tok-1", "pw-2", "cs-3", "pk-4", "ak-5", "at-6", "acc-7", "ref-8"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("visible");
    expect(logs.lines[0]).toMatchObject({ token: "[redacted]", config: { clientSecret: "[redacted]" } });
  });

  it("redacts authorization headers and webhook signatures, whatever their casing", () => {
    const logs = captureLogs();
    const logger = createLogger({}, logs.stream);
    logger.info(
      {
        headers: {
          Authorization: "Bearer sekrit-1",
          "X-HubSpot-Signature-v3": "sig-2",
          "x-hubspot-signature": "sig-3",
          cookie: "sid=c-4",
          "x-api-key": "k-5",
          "content-type": "application/json",
        },
      },
      "headers",
    );
    const text = logs.text();
    for (const secret of ["sekrit-1", "sig-2", "sig-3", "c-4", "k-5"]) expect(text).not.toContain(secret);
    expect(text).toContain("application/json");
  });

  it("keeps the admin token and signatures out of the request logs of a real request", async () => {
    const app = await startTestApp();
    try {
      await fetch(`${app.url}/api/runs`, { headers: { authorization: "Bearer wrong-token-value" } });
      await app.admin("/api/sync", {
        ...jsonInit("POST", {}),
        headers: { "content-type": "application/json", "x-hubspot-signature-v3": "signature-value" },
      });
      await fetch(`${app.url}/webhooks/hubspot?token=query-token`, {
        method: "POST",
        headers: { "x-hubspot-signature-v3": "signature-value-2" },
        body: "{}",
      });
      const text = app.logs.text();
      expect(app.logs.lines.length).toBeGreaterThan(3);
      for (const secret of [ADMIN_TOKEN, "wrong-token-value", "signature-value", "query-token"]) {
        expect(text).not.toContain(secret);
      }
      // The debug request line logs headers, with the credential ones blanked.
      expect(app.logs.lines.some((l) => JSON.stringify(l).includes('"authorization":"[redacted]"'))).toBe(
        true,
      );
    } finally {
      await app.close();
    }
  });
});
