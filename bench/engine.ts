// Engine benchmark: a deterministic data set (10,000 partners, 1,000,000 deals over 2026-Q1..Q4
// by default; BENCH_DEALS / BENCH_PARTNERS to shrink it), every statement computed with the
// spec's example program, against a floor loop doing one decimal.js multiply-add per deal.
// Figures are printed, never asserted. Last line: BENCH {json}.
import { readFileSync } from "node:fs";
import { Dec } from "../money/index.ts";
import {
  type Data,
  type DataInput,
  parseData,
  parseProgram,
  statementIterator,
} from "../src/engine/index.ts";

const DEALS = Number(process.env.BENCH_DEALS ?? 1_000_000);
const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 10_000);

/** mulberry32: tiny, fast, seeded; good enough to spread synthetic records. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function dateOf(dayOfYear: number): string {
  let m = 0;
  let d = dayOfYear;
  while (d >= DAYS[m]!) d -= DAYS[m++]!;
  return `2026-${pad(m + 1)}-${pad(d + 1)}`;
}

function generate(): DataInput {
  const rnd = prng(20260101);
  const types = ["reseller", "integrator", "technology", "affiliate", "agency", "var", "other"] as const;
  const partners: DataInput["partners"] = [];
  for (let i = 0; i < PARTNERS; i++) {
    partners.push({
      id: `P-${pad(i, 5)}`,
      name: `Partner ${i}`,
      type: types[i % types.length]!,
      certifications: Math.floor(rnd() * 5),
      agreement_signed: rnd() > 0.02,
      compliance_ok: rnd() > 0.02,
      ...(rnd() < 0.2 ? { initial_tier: rnd() < 0.5 ? "Silver" : "Gold" } : {}),
    });
  }
  const deals: DataInput["deals"] = [];
  for (let i = 0; i < DEALS; i++) {
    // Revenue skew: a few partners close many deals.
    const p = Math.floor(rnd() ** 2 * PARTNERS);
    const r = rnd();
    const kind = r < 0.5 ? "new" : r < 0.7 ? "expansion" : "renewal";
    const s = rnd();
    const stage = s < 0.7 ? "won" : s < 0.9 ? "lost" : "open";
    const c = rnd();
    const currency = c < 0.8 ? "USD" : c < 0.92 ? "EUR" : "GBP";
    const cents = Math.floor(100_000 + rnd() ** 3 * 20_000_000);
    const day = Math.floor(rnd() * 365);
    const close = dateOf(day);
    const deal: DataInput["deals"][number] = {
      id: `D-${pad(i, 7)}`,
      partner_id: `P-${pad(p, 5)}`,
      kind,
      stage,
      attribution: rnd() < 0.6 ? "sourced" : "influenced",
      amount: `${Math.floor(cents / 100)}.${pad(cents % 100)}`,
      currency,
      close_date: close,
    };
    const x = rnd();
    if (x < 0.1) deal.product = "NOVA";
    else if (x < 0.6) deal.product = "CORE";
    if (rnd() < 0.5) deal.csat = Math.floor(rnd() * 11) / 2;
    if (rnd() < 0.5) deal.time_to_value_days = Math.floor(rnd() * 90);
    if (rnd() < 0.03) deal.cancelled_on = dateOf(Math.min(364, day + Math.floor(rnd() * 120)));
    deals.push(deal);
  }
  const claims: NonNullable<DataInput["claims"]> = [];
  for (let i = 0; i < PARTNERS / 2; i++)
    claims.push({
      id: `C-${pad(i, 6)}`,
      partner_id: `P-${pad(Math.floor(rnd() * PARTNERS), 5)}`,
      fund: "coop",
      amount: `${Math.floor(rnd() * 5000) + 1}.00`,
      date: dateOf(Math.floor(rnd() * 365)),
    });
  const fx: DataInput["fx"] = {
    "2026-Q1": { EUR: "1.10", GBP: "1.25" },
    "2026-Q2": { EUR: "1.08", GBP: "1.27" },
    "2026-Q3": { EUR: "1.12", GBP: "1.26" },
    "2026-Q4": { EUR: "1.09", GBP: "1.24" },
  };
  return { partners, deals, fx, claims };
}

const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);
let t = performance.now();
let raw: DataInput | null = generate();
const genMs = performance.now() - t;

const program = parseProgram(readFileSync(new URL("../programs/example.yaml", import.meta.url), "utf8"));
if (!program.ok) throw new Error(JSON.stringify(program.problems));
t = performance.now();
// Validate in chunks of deals, dropping each raw chunk once validated, so the raw and the
// validated copies of a million deals are never alive at the same time (peak RSS).
const CHUNK = 100_000;
const validDeals: Data["deals"] = [];
let head: Data | null = null;
for (let i = 0; raw !== null && i < Math.max(raw.deals.length, 1); i += CHUNK) {
  const part = parseData({ ...raw, deals: raw.deals.slice(i, i + CHUNK), claims: i === 0 ? raw.claims : [] });
  if (!part.ok) throw new Error(JSON.stringify(part.problems.slice(0, 5)));
  head ??= part.value;
  for (const d of part.value.deals) validDeals.push(d);
  raw.deals.fill(null as never, i, i + CHUNK);
}
raw = null;
const data = { ok: true as const, value: { ...head!, deals: validDeals } };
const parseMs = performance.now() - t;

// Floor: one decimal.js multiply-add per deal over the same deal records (amount strings,
// as the engine receives them).
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
t = performance.now();
let c = cpu();
const rate = new Dec("0.05");
let acc = new Dec(0);
for (const d of data.value.deals) acc = acc.plus(rate.times(d.amount));
const floorMs = performance.now() - t;
const floorCpu = cpu() - c;

t = performance.now();
c = cpu();
const it = statementIterator(program.value, data.value, "2026-Q4");
if (!it.ok) throw new Error(JSON.stringify(it.problems));
let statements = 0;
let lines = 0;
let payable = new Dec(0);
for (const s of it.value) {
  statements++;
  for (const p of s.partners) {
    lines += p.lines.length;
    payable = payable.plus(p.payable);
  }
}
const engineMs = performance.now() - t;
const engineCpu = cpu() - c;

const dealsPerSec = Math.round((DEALS / engineMs) * 1000);
console.log(`generated ${DEALS} deals / ${PARTNERS} partners in ${genMs.toFixed(0)} ms`);
console.log(`parseData (zod validation) ${parseMs.toFixed(0)} ms`);
console.log(`floor (1 multiply-add per deal) ${floorMs.toFixed(0)} ms (checksum ${acc.toFixed(2)})`);
console.log(
  `engine ${engineMs.toFixed(0)} ms: ${statements} statements, ${lines} lines, payable ${payable.toFixed(2)}`,
);
console.log(`${dealsPerSec} deals/s, peak RSS ${mb()} MB`);
// CPU time (all threads, GC included) is steadier than wall time on a shared machine.
console.log(
  `cpu: engine ${engineCpu.toFixed(0)} ms, floor ${floorCpu.toFixed(0)} ms, ratio ${(engineCpu / floorCpu).toFixed(2)}`,
);
const ratio = Math.round((engineMs / floorMs) * 100) / 100;
console.log(
  `BENCH ${JSON.stringify({ deals: DEALS, engine_ms: Math.round(engineMs), floor_ms: Math.round(floorMs), ratio, peak_rss_mb: mb() })}`,
);
