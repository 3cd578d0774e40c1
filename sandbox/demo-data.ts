// Deterministic demo data both sandbox CRMs are seeded from. The same seed always yields the
// same partners and deals, so sandbox runs, tests and benchmarks are reproducible. Records are
// in the canonical shape of docs/program-format.md §1 (amounts as decimal strings, UTC dates);
// each emulator maps them onto its own objects. Generators stream: a million deals never sit
// in memory unless the caller collects them.
import { PARTNER_TYPES, type PartnerType } from "../src/engine/data-schema.ts";

// The partner types are the engine's (the demo data must be data the engine accepts); the sandbox
// re-exports them so the emulators and the seed keep importing from here.
export { PARTNER_TYPES, type PartnerType };
export type DealKind = "new" | "expansion" | "renewal";
export type DealStage = "won" | "lost" | "open";

export interface DemoPartner {
  id: string;
  name: string;
  /** Web domain, unique per partner: a natural cross-CRM match key. */
  domain: string;
  type: PartnerType;
  certifications: number;
  agreement_signed: boolean;
  compliance_ok: boolean;
}

export interface DemoDeal {
  id: string;
  name: string;
  partner_id: string;
  kind: DealKind;
  stage: DealStage;
  attribution: "sourced" | "influenced";
  amount: string;
  /** Gross margin in the deal's currency (spec §5): 12–45% of the amount; null on about 1 in 20 deals. */
  margin: string | null;
  currency: "USD" | "EUR" | "GBP";
  close_date: string;
  product: string;
  csat: number | null;
  time_to_value_days: number | null;
  cancelled_on: string | null;
}

export interface DemoDatasetOptions {
  /** PRNG seed; default 42. */
  seed?: number;
  partners: number;
  deals: number;
  /** First day of the first quarter, `YYYY-01-01`-style; default 2026-01-01. */
  from?: string;
  /** Number of calendar quarters the deals' close dates span; default 4. */
  quarters?: number;
}

/** mulberry32: tiny, fast and good enough for demo data; never for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A realistic channel: mostly resellers and VARs, then integrators and technology alliances, a
 * few agencies, affiliates and others (cumulative shares, per mille). Picked with the same single
 * draw the uniform pick used, so every other generated value is unchanged.
 */
const TYPE_MIX: Array<[PartnerType, number]> = [
  ["reseller", 300],
  ["integrator", 500],
  ["technology", 650],
  ["affiliate", 700],
  ["agency", 800],
  ["var", 950],
  ["other", 1000],
];

function typeOf(draw: number): PartnerType {
  const perMille = Math.floor(draw * 1000);
  return TYPE_MIX.find(([, upTo]) => perMille < upTo)![0];
}

const NAME_A = ["Acme", "Blue", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper"];
const NAME_B = ["Integrations", "Partners", "Systems", "Digital", "Consulting", "Cloud", "Labs", "Solutions"];
const PRODUCTS = ["CORE", "NOVA", "EDGE"];

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

export function demoPartnerId(index: number): string {
  return `P-${pad(index + 1, 5)}`;
}

export function* demoPartners(options: DemoDatasetOptions): Generator<DemoPartner> {
  const random = seededRandom((options.seed ?? 42) ^ 0x9e3779b9);
  for (let i = 0; i < options.partners; i++) {
    const a = NAME_A[i % NAME_A.length]!;
    const b = NAME_B[Math.floor(i / NAME_A.length) % NAME_B.length]!;
    yield {
      id: demoPartnerId(i),
      name: `${a} ${b} ${i + 1}`,
      domain: `${a.toLowerCase()}-${b.toLowerCase()}-${i + 1}.example.com`,
      type: typeOf(random()),
      certifications: Math.floor(random() * 5),
      agreement_signed: random() < 0.95,
      compliance_ok: random() < 0.97,
    };
  }
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function daysBetween(fromIso: string, quarters: number): number {
  const start = new Date(`${fromIso}T00:00:00Z`);
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + quarters * 3);
  return Math.round((end.getTime() - start.getTime()) / 86_400_000);
}

/** Integer cents as a decimal string, built without floating-point money arithmetic. */
function centsToAmount(cents: number): string {
  return `${Math.floor(cents / 100)}.${pad(cents % 100, 2)}`;
}

/**
 * Realistic skew: 80% of deals go to the top 20% of partners, and deal sizes are log-uniform
 * between 2,000 and 400,000, so a few partners bring most of the revenue.
 */
export function* demoDeals(options: DemoDatasetOptions): Generator<DemoDeal> {
  const random = seededRandom(options.seed ?? 42);
  // Margins come from their own stream: adding them left every other generated value as it was.
  const marginRandom = seededRandom((options.seed ?? 42) ^ 0x5bd1e995);
  const from = options.from ?? "2026-01-01";
  const span = daysBetween(from, options.quarters ?? 4);
  const top = Math.max(1, Math.floor(options.partners * 0.2));
  for (let i = 0; i < options.deals; i++) {
    const partnerIndex =
      random() < 0.8 || top === options.partners
        ? Math.floor(random() * top)
        : top + Math.floor(random() * (options.partners - top));
    const kindRoll = random();
    const kind: DealKind = kindRoll < 0.5 ? "new" : kindRoll < 0.75 ? "expansion" : "renewal";
    const stageRoll = random();
    const stage: DealStage = stageRoll < 0.7 ? "won" : stageRoll < 0.85 ? "lost" : "open";
    const currencyRoll = random();
    const currency = currencyRoll < 0.7 ? "USD" : currencyRoll < 0.9 ? "EUR" : "GBP";
    const cents = Math.round(2_000 * 200 ** random()) * 100 + Math.floor(random() * 100);
    const closeDate = addDays(from, Math.floor(random() * span));
    const cancelled =
      stage === "won" && random() < 0.02 ? addDays(closeDate, 1 + Math.floor(random() * 120)) : null;
    const hasCsat = stage === "won" && random() < 0.6;
    const marginDraw = marginRandom();
    // 12–45% in whole percent of the amount, in integer cents (never float money); 5%: none.
    const marginPercent = marginDraw < 0.05 ? null : 12 + Math.floor(((marginDraw - 0.05) / 0.95) * 34);
    yield {
      id: `D-${pad(i + 1, 7)}`,
      name: `${kind === "renewal" ? "Renewal" : "Deal"} ${i + 1}`,
      partner_id: demoPartnerId(partnerIndex),
      kind,
      stage,
      attribution: random() < 0.7 ? "sourced" : "influenced",
      amount: centsToAmount(cents),
      margin: marginPercent === null ? null : centsToAmount(Math.floor((cents * marginPercent) / 100)),
      currency,
      close_date: closeDate,
      product: PRODUCTS[Math.floor(random() * PRODUCTS.length)]!,
      // csat in tenths (3.0 .. 5.0) and days are counts, not money: plain numbers are exact here.
      csat: hasCsat ? (30 + Math.floor(random() * 21)) / 10 : null,
      time_to_value_days: hasCsat ? 5 + Math.floor(random() * 80) : null,
      cancelled_on: cancelled,
    };
  }
}

/** Quarterly fx into USD for the demo's currencies, as decimal strings. */
export function demoFx(
  options: Pick<DemoDatasetOptions, "from" | "quarters">,
): Record<string, Record<string, string>> {
  const year = Number((options.from ?? "2026-01-01").slice(0, 4));
  const firstQuarter = Math.floor((Number((options.from ?? "2026-01-01").slice(5, 7)) - 1) / 3);
  const table: Record<string, Record<string, string>> = {};
  const eur = ["1.08", "1.10", "1.12", "1.09"];
  const gbp = ["1.25", "1.27", "1.24", "1.26"];
  for (let q = 0; q < (options.quarters ?? 4); q++) {
    const index = firstQuarter + q;
    const label = `${year + Math.floor(index / 4)}-Q${(index % 4) + 1}`;
    table[label] = { EUR: eur[q % eur.length]!, GBP: gbp[q % gbp.length]! };
  }
  return table;
}

/**
 * The exchange rates the sandbox's deals are computed with: the demo's quarters (at least
 * eight). Commands that only read the store (`incentives analytics`) use the same rates without
 * starting the emulators.
 */
export function sandboxFx(
  seed?: Pick<DemoDatasetOptions, "from" | "quarters"> | null,
): Record<string, Record<string, string>> {
  return demoFx({ ...(seed?.from ? { from: seed.from } : {}), quarters: Math.max(8, seed?.quarters ?? 8) });
}

/** The four partner attributes that change over time (program format §6). */
export type PartnerAttributeValues = Pick<
  DemoPartner,
  "type" | "certifications" | "agreement_signed" | "compliance_ok"
>;

/**
 * A change of one partner's attributes during the year: until `date` the partner had `before`'s
 * values, from then on those `demoPartners` gives (its current values).
 */
export interface DemoPartnerChange {
  partner_id: string;
  date: string;
  before: Partial<PartnerAttributeValues>;
  /** The same attributes' values from `date` on (the partner's current values). */
  after: Partial<PartnerAttributeValues>;
}

/** The type a partner had before it changed (resellers that became VARs, integrators that resell, ...). */
const EARLIER_TYPE: Record<PartnerType, PartnerType> = {
  reseller: "integrator",
  var: "reseller",
  integrator: "reseller",
  technology: "integrator",
  agency: "integrator",
  affiliate: "reseller",
  other: "affiliate",
};

/**
 * A few partners (one in twenty) whose attributes changed during the year, deterministic like
 * the rest: a certification gained, a change of partner type (a move to another ladder in
 * programs/archetypes.yaml), an agreement signed mid-year, or compliance lost. Dates fall between
 * the data's second and eleventh month. From their own stream: the partners and deals are as before.
 */
export function demoPartnerChanges(options: DemoDatasetOptions): DemoPartnerChange[] {
  const random = seededRandom((options.seed ?? 42) ^ 0x27d4eb2f);
  const from = options.from ?? "2026-01-01";
  const span = daysBetween(from, options.quarters ?? 4);
  const out: DemoPartnerChange[] = [];
  let k = 0;
  for (const p of demoPartners(options)) {
    if (k++ % 20 !== 3) continue;
    const date = addDays(from, 31 + Math.floor(random() * Math.max(1, span - 91)));
    const roll = random();
    let before: Partial<PartnerAttributeValues>;
    if (!p.compliance_ok) before = { compliance_ok: true };
    else if (roll < 0.35 && p.certifications > 0) before = { certifications: p.certifications - 1 };
    else if (roll < 0.8) before = { type: EARLIER_TYPE[p.type] };
    else if (p.agreement_signed) before = { agreement_signed: false };
    else before = { type: EARLIER_TYPE[p.type] };
    const after = Object.fromEntries(
      Object.keys(before).map((k) => [k, p[k as keyof PartnerAttributeValues]]),
    ) as Partial<PartnerAttributeValues>;
    out.push({ partner_id: p.id, date, before, after });
  }
  return out;
}
