// Screenshots of the package's Lightning Web Components for the README (issue #13):
// docs/screenshots/sf-partner-incentives.png and sf-deal-incentive.png.
// The sandbox Salesforce org is seeded with the demo data and reconciled in-process (the sync
// harness the integration tests use), its Account, Opportunity and Incentive_Payout__c records are
// read back in the UI API shape, and the components (a local preview build, ./salesforce-preview)
// render them in Debian's Chromium with the SLDS stylesheet.
// Run: npm run screenshots:salesforce
import { mkdirSync, readFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { openBrowser } from "../test/e2e/console/browser.ts";
import { startHarness } from "../test/integration/sync/harness.ts";
import { buildPreview } from "./salesforce-preview/build.ts";
import { fieldTypes, type UiRecord, uiRecord } from "./salesforce-preview/wire-data.ts";

const OUT = "docs/screenshots";
const SLDS = resolve("node_modules/@salesforce-ux/design-system/assets");
const ORIGIN = "http://preview.invalid";
type Row = Record<string, unknown>;

const types = await fieldTypes();
const declared = (object: string) =>
  [...types.keys()]
    .filter((k) => k.startsWith(`${object}.`) && k.endsWith("__c"))
    .map((k) => k.split(".")[1]!);

const h = await startHarness("pglite", { partners: 40, deals: 800, mirrorEvery: 5 });
let preview: {
  records: Record<string, UiRecord>;
  relatedLists: Record<string, Record<string, UiRecord[]>>;
  mounts: Array<{ component: string; recordId: string; slot: string }>;
};
try {
  const report = await h.runtime.reconcile();
  if (report.outcome !== "ok") throw new Error(`the demo reconcile ended ${report.outcome}`);
  const query = (soql: string) => h.sandbox.salesforce.org.query(soql).records as Row[];

  const accounts = query(
    `SELECT Id, Name, ${declared("Account").join(", ")} FROM Account WHERE Partner_Tier__c != null`,
  );
  const payouts = query(
    `SELECT Id, Name, ${declared("Incentive_Payout__c").join(", ")} FROM Incentive_Payout__c`,
  );
  const byAccount = new Map<string, Row[]>();
  for (const p of payouts)
    byAccount.set(String(p.Account__c), [...(byAccount.get(String(p.Account__c)) ?? []), p]);
  // The partner shown: one on its way to a next tier, eligible, with the most payout rows.
  const partner = accounts
    .filter((a) => a.Partner_Next_Tier__c && a.Incentive_Eligible__c !== false)
    .sort(
      (a, b) => (byAccount.get(String(b.Id))?.length ?? 0) - (byAccount.get(String(a.Id))?.length ?? 0),
    )[0];
  if (!partner) throw new Error("no partner account below the top tier in the demo data");

  const oppFields = [
    "Id",
    "Name",
    "Amount",
    "CloseDate",
    "StageName",
    "IsClosed",
    "IsWon",
    "PartnerAccountId",
  ];
  const opps = query(
    `SELECT ${[...oppFields, ...declared("Opportunity")].join(", ")}, PartnerAccount.Name, PartnerAccount.Partner_Tier__c FROM Opportunity WHERE PartnerAccountId != null`,
  );
  const has = (o: Row, f: string) => o[f] !== null && o[f] !== undefined && o[f] !== "";
  // The deals a rep sees: a won deal with its explained lines, and an open one with its projection.
  const won =
    opps.find(
      (o) =>
        o.IsWon === true &&
        has(o, "Incentive_Explanation__c") &&
        String(o.Incentive_Explanation__c).includes("\n"),
    ) ?? opps.find((o) => o.IsWon === true && has(o, "Incentive_Amount__c"));
  const open =
    opps.find(
      (o) => o.IsClosed === false && has(o, "Projected_Incentive__c") && has(o, "Projected_Tier__c"),
    ) ??
    opps.find((o) => o.IsClosed === false && has(o, "Projected_Incentive__c")) ??
    opps.find((o) => o.IsClosed === false);
  if (!won || !open) throw new Error("no won or open partner deal in the demo data");

  // The partner's deals the component reaches: its Incentive_Deals__r related list, i.e. the
  // Opportunities whose Incentive_Partner__c (written by the sync) is the partner's Account.
  const partnerPayouts = byAccount.get(String(partner.Id)) ?? [];
  const partnerDeals = opps.filter((o) => o.Incentive_Partner__c === partner.Id);
  const records: Record<string, UiRecord> = {};
  records[String(partner.Id)] = uiRecord("Account", partner, types);
  for (const o of [won, open]) records[String(o.Id)] = uiRecord("Opportunity", o, types);
  preview = {
    records,
    relatedLists: {
      [String(partner.Id)]: {
        Incentive_Payouts__r: partnerPayouts.map((p) => uiRecord("Incentive_Payout__c", p, types)),
        Incentive_Deals__r: partnerDeals.map((o) => uiRecord("Opportunity", o, types)),
      },
    },
    mounts: [],
  };
  const explained = partnerDeals.filter((o) => has(o, "Incentive_Explanation__c")).length;
  console.log(
    `partner ${String(partner.Name)} (${String(partner.Partner_Tier__c)} → ${String(partner.Partner_Next_Tier__c)}), ` +
      `${partnerPayouts.length} payout rows, ${partnerDeals.length} deals (${explained} explained); ` +
      `won deal ${String(won.Name)}, open deal ${String(open.Name)}`,
  );
  preview.mounts = [
    { component: "partnerIncentives", recordId: String(partner.Id), slot: "partner" },
    { component: "dealIncentive", recordId: String(won.Id), slot: "won" },
    { component: "dealIncentive", recordId: String(open.Id), slot: "open" },
  ];
} finally {
  await h.close();
}

const bundle = await buildPreview();
const page = (slots: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Salesforce components preview</title>
<link rel="stylesheet" href="/slds/styles/salesforce-lightning-design-system.min.css">
<style>body { background: #f3f2f2; padding: 12px; margin: 0; } .slot { display: inline-block; vertical-align: top; margin-right: 12px; }</style>
</head><body class="slds-scope">${slots}
<script>window.__PREVIEW__ = ${JSON.stringify(preview).replace(/</g, "\\u003c")};</script>
<script src="/bundle.js"></script></body></html>`;

const CONTENT: Record<string, string> = {
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
};
mkdirSync(OUT, { recursive: true });
const b = await openBrowser();
try {
  const shoot = async (name: string, slots: string, ready: string[]) => {
    await b.page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === "/") return route.fulfill({ contentType: "text/html", body: page(slots) });
      if (path === "/bundle.js") return route.fulfill({ contentType: "text/javascript", body: bundle });
      if (path.startsWith("/slds/")) {
        const file = join(SLDS, path.slice("/slds/".length));
        if (!file.startsWith(SLDS)) return route.fulfill({ status: 404 });
        try {
          return route.fulfill({
            contentType: CONTENT[extname(file)] ?? "application/octet-stream",
            body: readFileSync(file),
          });
        } catch {
          return route.fulfill({ status: 404 });
        }
      }
      return route.fulfill({ status: 404 });
    });
    const errors: string[] = [];
    b.page.on("pageerror", (e) => errors.push(e.message));
    await b.page.goto(`${ORIGIN}/`);
    for (const selector of ready) {
      await b.page
        .locator(selector)
        .first()
        .waitFor({ timeout: 30_000 })
        .catch((e: unknown) => {
          // A component that threw never shows its selector: say why rather than only "timeout".
          throw errors.length ? new Error(`the preview failed: ${errors.join("; ")}`) : e;
        });
    }
    await b.page.waitForLoadState("networkidle");
    if (errors.length) throw new Error(`the preview failed: ${errors.join("; ")}`);
    const path = `${OUT}/${name}.png`;
    await b.page.locator("#shot").screenshot({ path });
    await b.page.unroute(`${ORIGIN}/**`);
    console.log(path);
  };
  await b.page.setViewportSize({ width: 1000, height: 1000 });
  await shoot("sf-partner-incentives", `<div id="shot" style="width: 760px"><div id="partner"></div></div>`, [
    // The progress block (a bar, or "amount reached" when only requirements are missing) or the top tier.
    "c-partner-incentives .progress, c-partner-incentives .top-tier",
    "c-partner-incentives lightning-combobox, c-partner-incentives .no-periods",
  ]);
  await shoot(
    "sf-deal-incentive",
    `<div id="shot" style="width: 912px"><div class="slot" style="width: 440px" id="won"></div><div class="slot" style="width: 440px; margin-right: 0" id="open"></div></div>`,
    ["#won c-deal-incentive .partner", "#open c-deal-incentive .partner"],
  );
} finally {
  await b.close();
}
