// Serves the admin console: the Vite-built files in console/dist under /admin on the service's
// own port. Hashed assets are cached for good; every other /admin path gets index.html (the
// console routes in the browser), never cached, so a new build is picked up on reload. Without
// ADMIN_TOKEN the console is off like the API: 404. Not built yet: 503 saying how to build it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RequestHandler, Response } from "express";
import express, { Router } from "express";

/** console/dist of this checkout. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL("../../../console/dist", import.meta.url));

// The console loads nothing from elsewhere. CodeMirror and Chart.js set inline styles, hence
// 'unsafe-inline' for styles only; scripts are the built files alone.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

function secure(res: Response): void {
  res.set({
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
  });
}

function page(res: Response, status: number, title: string, text: string): void {
  secure(res);
  res
    .status(status)
    .type("html")
    .send(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title>` +
        `<body style="font-family:sans-serif;margin:3rem"><h1>${title}</h1><p>${text}</p></body></html>`,
    );
}

export function consoleStatic(options: { adminToken: string | null; dir?: string | null }): RequestHandler {
  const dir = options.dir ?? DEFAULT_CONSOLE_DIR;
  const router = Router();
  router.use((req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.set("Allow", "GET, HEAD");
      page(res, 405, "Method not allowed", "The console's pages are read with GET.");
      return;
    }
    if (options.adminToken === null) {
      page(res, 404, "The admin console is off", "Set ADMIN_TOKEN to turn on the admin API and the console.");
      return;
    }
    if (!existsSync(join(dir, "index.html"))) {
      page(res, 503, "The admin console is not built", "Run <code>npm run build</code> and reload.");
      return;
    }
    secure(res);
    next();
  });
  router.use(
    "/assets",
    express.static(join(dir, "assets"), {
      immutable: true,
      maxAge: "365d",
      index: false,
      fallthrough: false,
    }),
  );
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  router.use((_req, res) => {
    res.set("Cache-Control", "no-cache");
    res.sendFile(join(dir, "index.html"));
  });
  return router;
}
