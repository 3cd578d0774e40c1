// Screenshots of the HubSpot app cards for docs/screenshots/ (README "HubSpot app cards"): the
// service composed in sandbox mode reconciles the demo data; the sandbox HubSpot portal's card
// fetcher asks the card endpoint as hubspot.fetch would (signed, the portal's parameters); the
// cards' own view components render the answers through a local stand-in for HubSpot's UI
// components (cards/preview/), shot in Debian's Chromium, headless.
// Run: npm run screenshots:hubspot
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "vite";
import type {
  CompanyCardOk,
  DealCardOk,
} from "../connectors/hubspot/app-project/src/app/cards/lib/response.ts";
import type { RunSummary } from "../src/service/ports.ts";
import { openBrowser } from "../test/e2e/console/browser.ts";
import { startSandboxService } from "../test/integration/service/sandbox-harness.ts";

const CARDS = join(import.meta.dirname, "..", "connectors", "hubspot", "app-project", "src", "app", "cards");
const OUT = "docs/screenshots";

interface PreviewPages {
  /** The company card's deals per page: the page it asks the service for first. */
  DEALS_PER_PAGE: number;
  companyCardPage(data: CompanyCardOk): string;
  dealCardPage(data: DealCardOk): string;
}

/** The cards' views with @hubspot/ui-extensions swapped for the DOM stand-in, built by Vite. */
async function loadPreview(): Promise<{ pages: PreviewPages; close(): Promise<void> }> {
  const vite = await createServer({
    root: CARDS,
    configFile: false,
    logLevel: "error",
    appType: "custom",
    server: { middlewareMode: true, hmr: false, watch: null },
    resolve: { alias: { "@hubspot/ui-extensions": join(CARDS, "preview", "hubspot-ui.tsx") } },
    oxc: { jsx: { runtime: "automatic", importSource: "react" } },
  });
  const pages = (await vite.ssrLoadModule("/preview/render-page.tsx")) as PreviewPages;
  return { pages, close: () => vite.close() };
}

/** Among `candidates`, the first with the highest score (ties keep the earlier). */
function best<T>(candidates: T[], score: (c: T) => number): T | undefined {
  let top: T | undefined;
  let topScore = Number.NEGATIVE_INFINITY;
  for (const c of candidates) {
    const s = score(c);
    if (s > topScore) [top, topScore] = [c, s];
  }
  return top;
}

const s = await startSandboxService({ partners: 20, deals: 200 });
const preview = await loadPreview();
const b = await openBrowser();
try {
  await s.eventually(
    "the start-up reconcile",
    async () => {
      const page = (await (await s.api("/api/runs?kind=reconcile")).json()) as { items: RunSummary[] };
      return page.items.find((r) => r.trigger === "startup" && r.outcome !== "running");
    },
    120_000,
  );
  const { store } = s.composed;
  const card = s.composed.sandbox!.hubspot.portal.cardFetch({
    clientSecret: s.composed.config.hubspotAppSecret!,
  });
  const get = async <T>(path: string): Promise<T> => {
    const res = await card(`${s.url}/hubspot/cards/${path}`);
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  // The company card: a partner with a next tier to reach, what it misses, and deals of several statuses.
  const companies: CompanyCardOk[] = [];
  for (const partner of await store.partners.list()) {
    const companyId = await store.crmLinks.crmIdFor(partner.id, "hubspot", "companies");
    if (!companyId) continue;
    // The page the card asks for first.
    const answer = await get<CompanyCardOk | { status: string }>(
      `company/${companyId}?dealsLimit=${preview.pages.DEALS_PER_PAGE}&dealsOffset=0`,
    );
    if (answer.status === "ok") companies.push(answer as CompanyCardOk);
  }
  const company = best(
    companies,
    (c) =>
      (c.nextTier ? 4 : 0) +
      (c.missingForNextTier.length > 0 ? 2 : 0) +
      new Set(c.deals.map((d) => d.status.split(" ")[0])).size +
      Math.min(c.dealsTotal, 10) / 10,
  );
  if (!company) throw new Error("no partner with a computed statement in the demo data");

  // The deal card: the most telling closed deal of any partner — a clawback window or a hold, several lines.
  const deals = companies.flatMap((c) => c.deals.filter((d) => d.id !== null && d.lines.length > 0));
  const shown = best(
    deals,
    (d) => (d.status.startsWith("clawback") ? 3 : d.status.startsWith("held") ? 2 : 0) + d.lines.length,
  );
  if (!shown) throw new Error("no deal with incentive lines in the demo data");
  const deal = await get<DealCardOk>(`deal/${shown.id}`);

  // An open deal's card: the projection the reconcile wrote, preferring one that lifts a tier.
  const open: DealCardOk[] = [];
  for (const d of await store.deals.list()) {
    if (d.data.stage !== "open" || !d.partnerId) continue;
    const hubspotId = await store.crmLinks.crmIdFor(d.id, "hubspot", "deals");
    if (!hubspotId) continue;
    const answer = await get<DealCardOk | { status: string }>(`deal/${hubspotId}`);
    if (answer.status === "ok" && (answer as DealCardOk).projection) open.push(answer as DealCardOk);
  }
  const openDeal = best(
    open,
    (d) => (d.projection?.wouldReachTier ? 2 : 0) + (d.projection?.explanation ? 1 : 0),
  );

  mkdirSync(OUT, { recursive: true });
  const shoot = async (html: string, file: string) => {
    await b.page.setContent(html, { waitUntil: "load" });
    await b.page.locator("#card").screenshot({ path: join(OUT, file) });
    console.log(`${OUT}/${file}`);
  };
  await shoot(preview.pages.companyCardPage(company), "hubspot-company-card.png");
  await shoot(preview.pages.dealCardPage(deal), "hubspot-deal-card.png");
  if (openDeal) await shoot(preview.pages.dealCardPage(openDeal), "hubspot-deal-card-open.png");
  else console.error("no open deal with a projection in the demo data: hubspot-deal-card-open.png not taken");
} finally {
  await b.close();
  await preview.close();
  await s.close();
}
