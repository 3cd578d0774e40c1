// Store benchmark: posts statements for 10,000 partners × 4 periods (≥ 400,000 ledger rows) on
// embedded PGlite and on the local PostgreSQL server, then re-posts them unchanged (must write 0).
// Env: BENCH_PARTNERS (default 10000), BENCH_DATABASE_URL / TEST_DATABASE_URL.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { Dec } from "../money/index.ts";
import {
  openStore,
  type PartnerStatement,
  type PostableStatement,
  type StatementLine,
  type Store,
  type StoreConfig,
} from "../src/store/index.ts";

const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 10_000);
const PERIODS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"];
const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";

/** Deterministic pseudo-random cents, so both back-ends post identical statements. */
function cents(seed: number): Dec {
  const x = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  return new Dec(1000 + (x % 5_000_000)).dividedBy(100);
}

/** Spec §4 statements with ~10 ledger rows per partner-period (8 cash lines, accrual, holdback, release). */
function statements(): PostableStatement[] {
  const held = new Map<string, Dec[]>();
  return PERIODS.map((period, pi) => {
    const partners: PartnerStatement[] = [];
    for (let i = 0; i < PARTNERS; i++) {
      const id = `P-${String(i).padStart(6, "0")}`;
      const lines: StatementLine[] = [];
      let earned = new Dec(0);
      for (let d = 0; d < 7; d++) {
        const amount = cents(i * 97 + pi * 13 + d);
        const deal = `D-${id}-${pi}-${d}`;
        lines.push({
          component: "resale",
          kind: "rate",
          deal_id: deal,
          amount: amount.toFixed(2),
          explanation: "",
        });
        earned = earned.plus(amount);
      }
      const deal0 = `D-${id}-${pi}-0`;
      const influence = cents(i + pi);
      const multiplier = cents(i * 7 + pi)
        .dividedBy(10)
        .toDecimalPlaces(2);
      lines.push({ component: "influence", kind: "tier_rate", deal_id: deal0, amount: influence.toFixed(2) });
      lines.push({ component: "quality", kind: "multiplier", deal_id: deal0, amount: multiplier.toFixed(2) });
      lines.push({ component: "coop", kind: "accrual", deal_id: deal0, amount: "12.34" });
      earned = earned.plus(influence).plus(multiplier);
      const hold = earned.times("0.20").toDecimalPlaces(2);
      const history = held.get(id) ?? [];
      const released = pi >= 2 ? history[pi - 2]! : new Dec(0);
      history.push(hold);
      held.set(id, history);
      partners.push({
        partner_id: id,
        earned: earned.toFixed(2),
        held_back: hold.toFixed(2),
        released: released.toFixed(2),
        clawed_back: "0.00",
        carry_forward: "0.00",
        payable: earned.minus(hold).plus(released).toFixed(2),
        lines,
      });
    }
    return { program: "Bench Program", period, currency: "USD", partners };
  });
}

interface BackendFigures {
  rows: number;
  seconds: number;
  rows_per_s: number;
  repost_rows: number;
  repost_seconds: number;
}

async function bench(store: Store, input: PostableStatement[]): Promise<BackendFigures> {
  const { version } = await store.programVersions.save({
    name: "Bench Program",
    yaml: `program: Bench Program # ${randomBytes(4).toString("hex")}\n`,
    effectiveFrom: "2026-01-01",
    createdBy: "bench",
  });
  const post = async () => {
    let rows = 0;
    const started = performance.now();
    for (const s of input) {
      const r = await store.ledger.postStatement(s, { programVersionId: version.id });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      rows += r.value.rowsWritten;
    }
    return { rows, seconds: (performance.now() - started) / 1000 };
  };
  const first = await post();
  const again = await post();
  const counted = await store.ledger.count();
  if (counted !== first.rows) throw new Error(`ledger holds ${counted} rows, posted ${first.rows}`);
  return {
    rows: first.rows,
    seconds: round(first.seconds),
    rows_per_s: Math.round(first.rows / first.seconds),
    repost_rows: again.rows,
    repost_seconds: round(again.seconds),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

async function onPglite(input: PostableStatement[]): Promise<BackendFigures> {
  const dir = mkdtempSync(join(tmpdir(), "bench-store-"));
  const store = await openStore({ backend: "pglite", dataDir: dir });
  try {
    return await bench(store, input);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(input: PostableStatement[]): Promise<BackendFigures> {
  const schema = `bench_${randomBytes(5).toString("hex")}`;
  const config: StoreConfig = { backend: "postgres", connectionString: DATABASE_URL, schema };
  const store = await openStore(config);
  try {
    return await bench(store, input);
  } finally {
    await store.close();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

const t0 = performance.now();
const input = statements();
console.log(
  `generated ${PERIODS.length} statements × ${PARTNERS} partners in ${round((performance.now() - t0) / 1000)}s`,
);
const pglite = await onPglite(input);
console.log(
  `pglite:   ${pglite.rows} rows in ${pglite.seconds}s = ${pglite.rows_per_s} rows/s; re-post wrote ${pglite.repost_rows} rows in ${pglite.repost_seconds}s`,
);
let postgres: BackendFigures | null = null;
try {
  postgres = await onPostgres(input);
  console.log(
    `postgres: ${postgres.rows} rows in ${postgres.seconds}s = ${postgres.rows_per_s} rows/s; re-post wrote ${postgres.repost_rows} rows in ${postgres.repost_seconds}s`,
  );
} catch (error) {
  console.error(`postgres: skipped (${(error as Error).message})`);
}
console.log(
  `BENCH ${JSON.stringify({
    partners: PARTNERS,
    periods: PERIODS.length,
    rows: pglite.rows,
    pglite_rows_per_s: pglite.rows_per_s,
    pglite_seconds: pglite.seconds,
    pglite_repost_seconds: pglite.repost_seconds,
    postgres_rows_per_s: postgres?.rows_per_s ?? null,
    postgres_seconds: postgres?.seconds ?? null,
    postgres_repost_seconds: postgres?.repost_seconds ?? null,
    repost_rows: pglite.repost_rows + (postgres?.repost_rows ?? 0),
  })}`,
);
