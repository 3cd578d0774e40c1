// HubSpot app cards benchmark (issue #14): one partner with 2,000 won deals in the period (and
// open ones), its statements computed by the engine and posted as a run posts them, its company
// and deals linked to HubSpot records. The real express app serves the card routes over HTTP;
// each request is signed as HubSpot signs hubspot.fetch (the sandbox's card fetcher) and verified.
// Prints per card (a page of 50 deals on the company card) the warm figures — the first open,
// then p50/p95/max of the next ones, served from the service's per-statement cache — and the
// cold ones: p50/p95 of BENCH_COLD opens each served by a fresh card context (empty statement and
// program caches: every open reads and indexes the 2,000-deal statement, as the first open of a
// partner not in the cache does). PGlite's own buffers stay warm: a cold database would add its
// disk reads. The aim is p95 under 100 ms. Opening a card reads the store only.
// Env: BENCH_DEALS (2000 won in the period), BENCH_ROUNDS (200 per card), BENCH_COLD (50 per card).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoDeals, demoFx, demoPartners } from "../sandbox/demo-data.ts";
import { createCardFetch } from "../sandbox/hubspot/card-fetch.ts";
import { computeStatement, parseProgram } from "../src/engine/index.ts";
import { createHubSpotCards } from "../src/service/adapters/hubspot-cards.ts";
import type { Admin } from "../src/service/ports.ts";
import { openStore } from "../src/store/index.ts";
import { buildData } from "../src/sync/compute/run.ts";
import { loadWorkingSet } from "../src/sync/load.ts";
import { startBenchApp } from "./bench-app.ts";

const WON = Number(process.env.BENCH_DEALS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const COLD = Number(process.env.BENCH_COLD ?? 50);
const PERIOD = "2026-Q4";
const SECRET = "bench-cards-app-client-secret";
const PORTAL = 62_515;
const COMPANY = "9000000001";
const hubspotDealId = (i: number) => String(8_000_000_000 + i);

const t = () => performance.now();
const dir = mkdtempSync(join(tmpdir(), "bench-cards-"));
const store = await openStore({ backend: "pglite", dataDir: join(dir, "data") });
let server: Server | null = null;
let base = "";
try {
  // --- one partner, WON won deals closed in 2026-Q4 (plus the open and lost ones drawn with them) ---
  let t0 = t();
  const [partner] = [...demoPartners({ partners: 1, deals: 0 })];
  if (!partner) throw new Error("no demo partner");
  // Eligible, so every line counts (an ineligible partner's lines are forfeited, not fewer).
  await store.partners.upsert([
    {
      id: partner.id,
      data: { ...partner, agreement_signed: true, compliance_ok: true },
      sourceCrm: "hubspot",
    },
  ]);
  await store.crmLinks.link({ canonicalId: partner.id, crm: "hubspot", object: "companies", crmId: COMPANY });
  const deals: Parameters<typeof store.deals.upsert>[0] = [];
  let won = 0;
  for (const d of demoDeals({ partners: 1, deals: WON * 3, from: "2026-10-01", quarters: 1 })) {
    if (d.stage === "won" && won === WON) continue;
    if (d.stage === "won") won++;
    deals.push({
      id: d.id,
      partnerId: d.partner_id,
      closeDate: d.close_date,
      data: { ...d },
      sourceCrm: "hubspot",
    });
    if (won === WON && deals.length >= WON * 1.2) break;
  }
  await store.deals.upsert(deals);
  for (let i = 0; i < deals.length; i++) {
    await store.crmLinks.link({
      canonicalId: deals[i]!.id,
      crm: "hubspot",
      object: "deals",
      crmId: hubspotDealId(i),
    });
  }
  const wonIndexes = deals.flatMap((d, i) => (d.data.stage === "won" ? [i] : []));
  console.log(
    `stored 1 partner and ${deals.length} deals (${won} won in ${PERIOD}) in ${Math.round(t() - t0)} ms`,
  );

  // --- its statements, computed and posted as a run does ---
  t0 = t();
  const yaml = readFileSync("programs/example.yaml", "utf8");
  const program = parseProgram(yaml);
  if (!program.ok) throw new Error("programs/example.yaml does not parse");
  const saved = await store.programVersions.save({
    name: program.value.program,
    yaml,
    effectiveFrom: "2026-01-01",
    createdBy: "bench",
  });
  const data = await buildData(
    { ws: await loadWorkingSet(store), store, counts: {} },
    program.value,
    demoFx({}),
  );
  for (const period of ["2026-Q3", PERIOD]) {
    const runId = await store.runs.start("reconcile", "bench", "bench");
    const statement = computeStatement(program.value, data, period);
    if (!statement.ok) throw new Error(statement.problems.map((p) => p.message).join("; "));
    const posted = await store.ledger.postStatement(statement.value, {
      programVersionId: saved.version.id,
      runId,
    });
    if (!posted.ok) throw new Error(posted.error.message);
    await store.runs.finish(runId, { outcome: "ok", counts: {} });
  }
  const posted = await store.ledger.statement(partner.id, PERIOD);
  const lines = ((posted?.partner.lines ?? []) as unknown[]).length;
  console.log(
    `computed and posted the statements in ${Math.round(t() - t0)} ms (${lines} lines in ${PERIOD})`,
  );

  // --- the app: the card routes over this store, signed requests from the sandbox portal ---
  const cardDeps = { store, now: () => new Date("2026-12-03T12:00:00Z") };
  const warm = createHubSpotCards(cardDeps);
  let cold = false;
  ({ server, base } = await startBenchApp(store, {
    hubspotAppSecret: SECRET,
    hubspotPortalId: String(PORTAL),
    // The admin API is off (no ADMIN_TOKEN): none of its adapters is reached.
    admin: {} as Admin,
    // Warm: one card context for every request, as the service keeps it. Cold: a fresh context
    // (empty caches) for each request.
    cards: {
      company: (id, q) => (cold ? createHubSpotCards(cardDeps) : warm).company(id, q),
      deal: (id) => (cold ? createHubSpotCards(cardDeps) : warm).deal(id),
    },
  }));
  const card = createCardFetch({ portalId: PORTAL, now: Date.now }, { clientSecret: SECRET });

  const measure = async (name: string, path: (i: number) => string) => {
    const times: number[] = [];
    let bytes = 0;
    let first = 0;
    for (let i = -20; i < ROUNDS; i++) {
      const start = t();
      const res = await card(`${base}${path(i)}`);
      const body = await res.text();
      const ms = t() - start;
      if (res.status !== 200 || !body.startsWith('{"status":"ok"')) {
        throw new Error(`${name}: ${res.status} ${body.slice(0, 200)}`);
      }
      // The very first open reads the statement's lines (kept per statement afterwards); the
      // first 20 warm the JIT and PGlite's caches and are not counted.
      if (i === -20) first = ms;
      if (i >= 0) times.push(ms);
      bytes = body.length;
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
    const r = {
      first_ms: +first.toFixed(1),
      p50_ms: +at(0.5).toFixed(1),
      p95_ms: +at(0.95).toFixed(1),
      max_ms: +at(1).toFixed(1),
      bytes,
    };
    console.log(
      `${name.padEnd(13)} first ${r.first_ms} ms, then p50 ${r.p50_ms} ms  p95 ${r.p95_ms} ms  max ${r.max_ms} ms  (${bytes} bytes)`,
    );
    return r;
  };
  const companyPath = () => `/hubspot/cards/company/${COMPANY}`;
  const dealPath = (i: number) =>
    `/hubspot/cards/deal/${hubspotDealId(wonIndexes[((i + 20) * 7) % wonIndexes.length]!)}`;
  const company = await measure("company card", companyPath);
  const deal = await measure("deal card", dealPath);
  /** Cache-miss opens: each request served by a fresh card context (after the warm runs: JIT warm). */
  const measureCold = async (name: string, path: (i: number) => string) => {
    cold = true;
    const times: number[] = [];
    for (let i = 0; i < COLD; i++) {
      const start = t();
      const res = await card(`${base}${path(i)}`);
      const body = await res.text();
      if (res.status !== 200 || !body.startsWith('{"status":"ok"')) {
        throw new Error(`${name}: ${res.status} ${body.slice(0, 200)}`);
      }
      times.push(t() - start);
    }
    cold = false;
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
    const r = {
      opens: COLD,
      p50_ms: +at(0.5).toFixed(1),
      p95_ms: +at(0.95).toFixed(1),
      max_ms: +at(1).toFixed(1),
    };
    console.log(
      `${name.padEnd(13)} cold (cache miss) p50 ${r.p50_ms} ms  p95 ${r.p95_ms} ms  max ${r.max_ms} ms`,
    );
    return r;
  };
  const companyCold = await measureCold("company card", companyPath);
  const dealCold = await measureCold("deal card", dealPath);
  console.log(
    `BENCH ${JSON.stringify({ bench: "cards", deals_in_period: won, lines, rounds: ROUNDS, company, deal, cold: { company: companyCold, deal: dealCold } })}`,
  );
} finally {
  server?.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
