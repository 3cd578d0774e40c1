// Shared set-up for the store suite: one store per back-end, each PostgreSQL suite in its own
// schema (dropped afterwards), and statement builders that keep the §4 figures consistent.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { Dec as Decimal } from "../../../money/index.ts";
import type { PartnerStatement, PostableStatement } from "../../../src/store/index.ts";
import type { SqlExecutor } from "../../../src/store/sql.ts";
import type { Store, StoreConfig } from "../../../src/store/store.ts";
import { openStore } from "../../../src/store/store.ts";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const BACKENDS = ["pglite", "postgres"] as const;
export type TestBackend = (typeof BACKENDS)[number];

export function uniqueSchema(): string {
  return `t_${randomBytes(6).toString("hex")}`;
}

export function configFor(backend: TestBackend, schema: string): StoreConfig {
  return backend === "pglite"
    ? { backend: "pglite", dataDir: null, schema }
    : { backend: "postgres", connectionString: TEST_DATABASE_URL, schema };
}

export interface TestDb {
  store: Store;
  /** The executor under `store`, for raw SQL in tests. */
  db: SqlExecutor;
  config: StoreConfig;
  schema: string;
  /** A second store on the same database (PostgreSQL: another pool; PGlite: the same store). */
  second(): Promise<Store>;
  open(wrap?: (db: SqlExecutor) => SqlExecutor): Promise<Store>;
  cleanup(): Promise<void>;
}

export async function openTestDb(backend: TestBackend): Promise<TestDb> {
  const schema = uniqueSchema();
  const config = configFor(backend, schema);
  let db: SqlExecutor | undefined;
  const store = await openStore(config, (x) => {
    db = x;
    return x;
  });
  const extra: Store[] = [];
  return {
    store,
    db: db!,
    config,
    schema,
    async second() {
      if (backend === "pglite") return store;
      const s = await openStore(config);
      extra.push(s);
      return s;
    },
    async open(wrap) {
      if (backend === "pglite") throw new Error("PGlite in memory cannot be opened twice");
      const s = await openStore(config, wrap);
      extra.push(s);
      return s;
    },
    async cleanup() {
      for (const s of extra) await s.close();
      await store.close();
      if (backend === "postgres") await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export type LineSpec = [
  component: string,
  kind: string,
  deal: string | null,
  amount: string,
  forfeited?: boolean,
];

/** A partner-period whose figures follow spec §3 from its lines (holdback 20%). */
export function partner(
  id: string,
  lines: LineSpec[],
  opts: { released?: string; carryIn?: string; holdRate?: string } = {},
): PartnerStatement {
  let earned = new Decimal(0);
  let clawed = new Decimal(0);
  for (const [, kind, , amount, forfeited] of lines) {
    if (kind === "accrual" || forfeited) continue;
    earned = earned.plus(amount);
    if (kind === "clawback") clawed = clawed.plus(amount);
  }
  const held = earned.greaterThan(0)
    ? earned.times(opts.holdRate ?? "0.20").toDecimalPlaces(2)
    : new Decimal(0);
  const released = new Decimal(opts.released ?? "0");
  const x = earned
    .minus(held)
    .plus(released)
    .plus(opts.carryIn ?? "0");
  // Shaped like the engine's output, extra §4 fields included.
  const out = {
    partner_id: id,
    tier: "Silver",
    earned: earned.toFixed(2),
    held_back: held.toFixed(2),
    released: released.toFixed(2),
    clawed_back: clawed.toFixed(2),
    carry_forward: (x.isNegative() ? x : new Decimal(0)).toFixed(2),
    payable: (x.isNegative() ? new Decimal(0) : x).toFixed(2),
    funds: {},
    claims: [],
    lines: lines.map(([component, kind, deal_id, amount, forfeited]) => ({
      component,
      kind,
      deal_id,
      amount,
      explanation: `${component} for ${deal_id ?? "period"}`,
      ...(forfeited ? { forfeited: true } : {}),
    })),
  };
  return out;
}

export function statement(period: string, partners: PartnerStatement[]): PostableStatement {
  return { program: "FY26 Partner Program", period, currency: "USD", partners };
}

export const ACME_Q1: LineSpec[] = [
  ["resale", "rate", "D-1001", "4000.00"],
  ["resale", "rate", "D-1002", "3100.00"],
  ["influence", "tier_rate", "D-1003", "600.00"],
  ["launch-spif", "spif", "D-1002", "500.00"],
  ["quality", "multiplier", "D-1001", "600.00"],
  ["coop", "accrual", "D-1001", "1600.00"],
];

export async function saveProgram(store: Store, yaml = "program: FY26\n"): Promise<number> {
  const { version } = await store.programVersions.save({
    name: "FY26 Partner Program",
    yaml,
    effectiveFrom: "2026-01-01",
    createdBy: "test",
  });
  return version.id;
}

/**
 * An executor that fails the `n`-th statement matching `pattern` inside a transaction: a
 * crash between writes, as far as the database can tell.
 */
export function failingExecutor(db: SqlExecutor, pattern: RegExp, n = 1): SqlExecutor {
  let seen = 0;
  return {
    ...db,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          inTransaction: true,
          exec: (sql) => tx.exec(sql),
          async query(sql, params) {
            if (pattern.test(sql) && ++seen === n) throw new Error("injected crash");
            return tx.query(sql, params);
          },
        }),
      ),
  };
}
