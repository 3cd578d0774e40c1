import { defineConfig } from "vitest/config";

// Unit tests are pure and fast; integration tests start emulators, PGlite and PostgreSQL.
export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts"] },
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
    ],
  },
});
