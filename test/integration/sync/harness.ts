// Shared set-up for the sync suites: both sandbox CRMs (real emulators, real connectors) seeded
// small, a store (PGlite in memory or a PostgreSQL schema), and the sync runtime on a fixed clock.
import { pino } from "pino";
import { type Sandbox, type SandboxSeed, startSandbox } from "../../../sandbox/index.ts";
import type { Store } from "../../../src/store/index.ts";
import { loadMapping } from "../../../src/sync/mapping/index.ts";
import { createSyncRuntime, type SyncReport, type SyncRuntime } from "../../../src/sync/runtime.ts";
import { openTestDb, type TestBackend, type TestDb } from "../store/helpers.ts";

/** Both emulators and the runtime see the same moving clock, starting on a fixed day. */
export const BASE = Date.UTC(2026, 10, 20, 12);

export interface Harness {
  sandbox: Sandbox;
  db: TestDb;
  store: Store;
  runtime: SyncRuntime;
  now(): number;
  /** Moves the shared clock (emulators and runtime) forward, e.g. into the next quarter. */
  advance(ms: number): void;
  /** Sets the shared clock to an instant (epoch ms), from which it moves on in real time. */
  setNow(ms: number): void;
  close(): Promise<void>;
}

export const SMALL_SEED: SandboxSeed = { partners: 12, deals: 160, mirrorEvery: 5 };

export async function startHarness(
  backend: TestBackend = "pglite",
  seed: SandboxSeed = SMALL_SEED,
  /** `start`: the clock's first instant (default BASE); the sandbox is seeded then. */
  options: { programPath?: string; start?: number } = {},
): Promise<Harness> {
  const started = Date.now();
  let offset = 0;
  const base = options.start ?? BASE;
  const now = () => base + offset + (Date.now() - started);
  const sandbox = await startSandbox({ seed, now });
  const db = await openTestDb(backend);
  const sf = await loadMapping("mappings/salesforce.yaml", "salesforce");
  const hs = await loadMapping("mappings/hubspot.yaml", "hubspot");
  if (!sf.ok || !hs.ok) throw new Error("shipped mappings invalid");
  const runtime = createSyncRuntime({
    store: db.store,
    connectors: sandbox.connectors(),
    mappings: { salesforce: sf.mapping, hubspot: hs.mapping },
    fx: sandbox.fx,
    ...(options.programPath ? { programPath: options.programPath } : {}),
    clock: () => new Date(now()),
    logger: pino({ level: "silent" }),
  });
  return {
    sandbox,
    db,
    store: db.store,
    runtime,
    now,
    advance: (ms) => {
      offset += ms;
    },
    setNow: (ms) => {
      offset = ms - base - (Date.now() - started);
    },
    close: async () => {
      await sandbox.close();
      await db.cleanup();
    },
  };
}

/** Runs `fn` and returns its report with the emulators' call accounting for just that run. */
export async function counted(
  h: Harness,
  fn: () => Promise<SyncReport>,
): Promise<{ report: SyncReport; calls: ReturnType<Sandbox["calls"]> }> {
  h.sandbox.resetCalls();
  const report = await fn();
  return { report, calls: h.sandbox.calls() };
}

export function writesOf(calls: ReturnType<Sandbox["calls"]>): number {
  return calls.salesforce.writes + calls.hubspot.writes;
}
