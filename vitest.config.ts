import { defineConfig } from "vitest/config";

// Unit tests are pure and fast; integration tests start emulators, PGlite and PostgreSQL.
export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    projects: [
      {
        extends: true,
        // A few unit tests start the CLI as a real node process (seconds apiece on a loaded
        // 2-core machine), so the budget is above vitest's default of 5 s.
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Integration suites share the local PostgreSQL server and fixed emulator state.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        // What a hostile user and a flaky network do (issue #20): bad text and numbers from the
        // CRMs, dead CRMs, silent drops, concurrent runs, oversized and malicious inputs, webhook
        // replays. The promises they check are listed in docs/service.md ("What the service promises under faults").
        test: {
          name: "hostile",
          include: ["test/hostile/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        // The HubSpot app cards (their own npm workspace, React 18 + @hubspot/ui-extensions)
        // under HubSpot's test renderer; React's automatic JSX runtime for their .tsx files.
        oxc: { jsx: { runtime: "automatic", importSource: "react" } },
        test: {
          name: "hubspot-cards",
          include: ["connectors/hubspot/app-project/src/app/cards/test/**/*.test.{ts,tsx}"],
        },
      },
      {
        extends: true,
        test: {
          // The admin console in Debian's Chromium (headless, playwright-core) against the
          // service on the sandbox CRMs; globalSetup builds the console when its sources changed.
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/build-console.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
