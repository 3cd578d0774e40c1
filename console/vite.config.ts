// The admin console is built into dist/ and served by `incentives serve` under /admin (no dev
// server in production). Preact's automatic JSX runtime; every asset name carries its hash so
// the service can cache /admin/assets/* for good.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/admin/",
  root: import.meta.dirname,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    // The console is for admins on current browsers; no legacy bundle.
    target: "es2022",
  },
});
