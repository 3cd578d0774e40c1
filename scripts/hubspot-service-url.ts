// Points the HubSpot app cards at the service's public URL: the base URL the cards fetch
// (connectors/hubspot/app-project/src/app/cards/lib/service-url.ts) and the app's
// permittedUrls.fetch (src/app/app-hsmeta.json), which HubSpot requires to agree.
// Run before `hs project upload`: npm run hubspot:service-url -- https://incentives.your-company.com
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const PROJECT = join(import.meta.dirname, "..", "connectors", "hubspot", "app-project", "src", "app");
const URL_MODULE = join(PROJECT, "cards", "lib", "service-url.ts");
const APP_META = join(PROJECT, "app-hsmeta.json");

// HubSpot fetches only over HTTPS; a bare origin, since the cards append /hubspot/cards/….
const origin = z
  .url({ protocol: /^https$/, error: "an https:// URL" })
  .transform((u) => new URL(u))
  .refine((u) => u.pathname === "/" && !u.search && !u.hash, "the service's origin only, without a path")
  .transform((u) => u.origin);

const parsed = origin.safeParse(process.argv[2]);
if (!parsed.success) {
  console.error(`usage: npm run hubspot:service-url -- https://incentives.your-company.com
${process.argv[2] ?? "(no URL)"}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  process.exit(2);
}
const next = parsed.data;

const moduleText = readFileSync(URL_MODULE, "utf8");
const current = /export const SERVICE_BASE_URL = "([^"]+)";/.exec(moduleText)?.[1];
if (!current) {
  console.error(`${URL_MODULE}: no SERVICE_BASE_URL constant to update`);
  process.exit(1);
}
writeFileSync(URL_MODULE, moduleText.replace(`"${current}"`, `"${next}"`));
// Every mention of the old base URL in the app config follows (permittedUrls.fetch, support links).
writeFileSync(APP_META, readFileSync(APP_META, "utf8").replaceAll(current, next));
console.log(`HubSpot cards now fetch ${next} (was ${current}); upload with \`hs project upload\`.`);
