// The two halves of issue 14 agree: every answer the card endpoint gives over the sandbox's
// reconciled demo data (company cards of every partner, then their deals' cards, signed as
// hubspot.fetch signs) passes the HubSpot cards' own schema (the cards workspace's
// lib/response.ts), so a change of shape on either side fails here rather than on a record page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  companyCardSchema,
  dealCardSchema,
} from "../../../connectors/hubspot/app-project/src/app/cards/lib/response.ts";
import type { CardFetch } from "../../../sandbox/hubspot/card-fetch.ts";
import type { RunSummary } from "../../../src/service/ports.ts";
import { type SandboxService, startSandboxService } from "./sandbox-harness.ts";

let s: SandboxService;
let card: CardFetch;

beforeAll(async () => {
  s = await startSandboxService();
  await s.eventually(
    "the start-up reconcile",
    async () => {
      const page = (await (await s.api("/api/runs?kind=reconcile")).json()) as { items: RunSummary[] };
      return page.items.find((r) => r.trigger === "startup" && r.outcome !== "running");
    },
    60_000,
  );
  card = s.composed.sandbox!.hubspot.portal.cardFetch({ clientSecret: s.composed.config.hubspotAppSecret! });
}, 120_000);

afterAll(async () => {
  await s?.close();
});

async function answer(path: string): Promise<unknown> {
  const res = await card(`${s.url}/hubspot/cards/${path}`);
  expect(res.status, path).toBe(200);
  return res.json();
}

describe("HubSpot card answers and the cards' schema", () => {
  it("every company card and every deal card on them reads as the cards expect", async () => {
    const { store } = s.composed;
    const statuses = new Map<string, number>();
    const dealIds = new Set<string>();
    for (const partner of await store.partners.list()) {
      const companyId = await store.crmLinks.crmIdFor(partner.id, "hubspot", "companies");
      if (!companyId) continue;
      const parsed = companyCardSchema.safeParse(
        await answer(`company/${companyId}?dealsLimit=10&dealsOffset=0`),
      );
      expect(parsed.error?.issues, `company ${companyId}`).toBeUndefined();
      const body = parsed.data!;
      statuses.set(body.status, (statuses.get(body.status) ?? 0) + 1);
      if (body.status === "ok") for (const d of body.deals) if (d.id) dealIds.add(d.id);
    }
    expect(statuses.get("ok")).toBeGreaterThan(0);
    expect(dealIds.size).toBeGreaterThan(0);
    // Open deals are on no statement: their cards carry the projection instead.
    let open = 0;
    for (const d of await store.deals.list()) {
      if (d.data.stage !== "open" || !d.partnerId) continue;
      const id = await store.crmLinks.crmIdFor(d.id, "hubspot", "deals");
      if (id && !dealIds.has(id)) {
        dealIds.add(id);
        open++;
      }
    }
    expect(open).toBeGreaterThan(0);

    const dealStatuses = new Set<string>();
    let projections = 0;
    for (const id of dealIds) {
      const parsed = dealCardSchema.safeParse(await answer(`deal/${id}`));
      expect(parsed.error?.issues, `deal ${id}`).toBeUndefined();
      if (parsed.data?.status !== "ok") continue;
      dealStatuses.add(parsed.data.incentiveStatus.split(" ")[0]!);
      if (parsed.data.projection) projections++;
    }
    expect(dealStatuses.size).toBeGreaterThan(0);
    expect(projections).toBeGreaterThan(0);
  });
});
