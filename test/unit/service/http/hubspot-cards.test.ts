// The card routes' gate: HubSpot's v3 signature over the full URL (HubSpot's query included),
// the 5-minute window and the configured portal, with a fixed clock; refusals answer
// `{ error }` and are counted by card and reason. The cards themselves are a fake here (the
// integration test reads them from a reconciled store).
import { afterEach, describe, expect, it } from "vitest";
import { signedHeaders } from "../../../../connectors/hubspot/signature-v3.ts";
import { cardFetchUrl } from "../../../../sandbox/hubspot/card-fetch.ts";
import type { HubSpotCards } from "../../../../src/service/ports.ts";
import { startTestApp, type TestApp } from "../helpers.ts";

const SECRET = "cards-app-client-secret";
const PORTAL = "62515";
const NOW = 1_790_000_000_000;

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

const asked: string[] = [];
const cards: HubSpotCards = {
  company: async (id, q) => {
    asked.push(`company ${id} ${q.period} ${q.dealsLimit} ${q.dealsOffset}`);
    return { status: "ok", period: q.period ?? "2026-Q4" };
  },
  deal: async (id) => {
    asked.push(`deal ${id}`);
    return { status: "no_partner" };
  },
};

async function start(config: { secret?: string | null; portal?: string | null } = {}) {
  app = await startTestApp({
    config: {
      hubspotAppSecret: config.secret === undefined ? SECRET : config.secret,
      hubspotPortalId: config.portal === undefined ? PORTAL : config.portal,
    },
    clock: () => NOW,
    cards,
  });
}

function signed(path: string, opts: { portal?: string; secret?: string; at?: number } = {}) {
  const uri = cardFetchUrl(`${app.url}${path}`, {
    userId: 7,
    portalId: Number(opts.portal ?? PORTAL),
    userEmail: "rep@example.com",
    appId: 9,
  });
  const headers = signedHeaders({
    secret: opts.secret ?? SECRET,
    method: "GET",
    uri,
    body: "",
    now: opts.at ?? NOW,
  });
  return fetch(uri, { headers });
}

const counted = async (card: string, outcome: string) => {
  const text = await app.metrics.registry.getSingleMetricAsString("incentives_hubspot_card_requests_total");
  const m = new RegExp(`card="${card}",outcome="${outcome}"\\} (\\d+)`).exec(text);
  return Number(m?.[1] ?? 0);
};

describe("GET /hubspot/cards/*", () => {
  it("answers a request HubSpot signed, from the configured portal", async () => {
    await start();
    const res = await signed("/hubspot/cards/company/123?period=2026-Q3");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ status: "ok", period: "2026-Q3" });
    expect(asked.at(-1)).toBe("company 123 2026-Q3 50 0");
    await signed("/hubspot/cards/company/123?dealsLimit=200&dealsOffset=400");
    expect(asked.at(-1)).toBe("company 123 null 200 400");
    expect(await (await signed("/hubspot/cards/deal/456")).json()).toEqual({ status: "no_partner" });
    expect(await counted("company", "ok")).toBe(2);
    expect(await counted("deal", "no_partner")).toBe(1);
  });

  it("refuses forged, unsigned and stale requests with 401, another portal with 403", async () => {
    await start();
    const before = asked.length;
    const forged = await signed("/hubspot/cards/company/123", { secret: "someone-else" });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: "signature does not match" });
    const unsigned = await fetch(`${app.url}/hubspot/cards/company/123?portalId=${PORTAL}`);
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: string }).error).toMatch(/missing X-HubSpot-Signature-v3/);
    // Five minutes and one millisecond old: stale; five minutes: still accepted.
    expect((await signed("/hubspot/cards/company/123", { at: NOW - 300_001 })).status).toBe(401);
    expect((await signed("/hubspot/cards/company/123", { at: NOW - 300_000 })).status).toBe(200);
    const other = await signed("/hubspot/cards/deal/456", { portal: "999" });
    expect(other.status).toBe(403);
    expect(asked.length).toBe(before + 1);
    expect(await counted("company", "bad_signature")).toBe(1);
    expect(await counted("company", "missing_signature")).toBe(1);
    expect(await counted("company", "stale")).toBe(1);
    expect(await counted("deal", "wrong_portal")).toBe(1);
  });

  it("rejects a record id that is not HubSpot's, and a period that is not one, with 400", async () => {
    await start();
    expect((await signed("/hubspot/cards/company/abc")).status).toBe(400);
    const res = await signed("/hubspot/cards/company/123?period=Q9");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^query\.period: /);
    // A page of deals is at most 200 (hubspot.fetch answers at most 1 MB).
    expect((await signed("/hubspot/cards/company/123?dealsLimit=201")).status).toBe(400);
    expect((await signed("/hubspot/cards/company/123?dealsLimit=0")).status).toBe(400);
    expect(await counted("company", "bad_request")).toBe(4);
  });

  it("is off (503) without the app's client secret or the portal id", async () => {
    await start({ secret: null });
    expect((await signed("/hubspot/cards/company/123")).status).toBe(503);
    await app.close();
    await start({ portal: null });
    expect((await signed("/hubspot/cards/deal/1")).status).toBe(503);
    expect(await counted("deal", "not_configured")).toBe(1);
  });
});
