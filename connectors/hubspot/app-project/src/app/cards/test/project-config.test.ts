// The developer project's config files against HubSpot's documented schema
// (hubspot-project-schema.ts), and against the cards' code: entrypoints exist, the URL the
// cards fetch is one HubSpot permits, the scopes cover the records the cards sit on.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { companyCardUrl, dealCardUrl } from "../lib/service";
import { SERVICE_BASE_URL } from "../lib/service-url";
import { appHsmetaSchema, cardHsmetaSchema, hsprojectSchema } from "./hubspot-project-schema";

const CARDS_DIR = join(import.meta.dirname, "..");
const PROJECT_DIR = join(CARDS_DIR, "..", "..", "..");
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));

const project = hsprojectSchema.parse(readJson(join(PROJECT_DIR, "hsproject.json")));
const srcDir = join(PROJECT_DIR, project.srcDir);
const app = appHsmetaSchema.parse(readJson(join(srcDir, "app", "app-hsmeta.json")));
const cardFiles = readdirSync(CARDS_DIR).filter((f) => f.endsWith("-hsmeta.json"));
const cards = cardFiles.map((f) => ({ file: f, card: cardHsmetaSchema.parse(readJson(join(CARDS_DIR, f))) }));

describe("HubSpot developer project", () => {
  it("is on platform 2025.2 with its sources under src/", () => {
    expect(project).toEqual({
      name: "partner-incentive-connector",
      srcDir: "src",
      platformVersion: "2025.2",
    });
  });

  it("has a company record card and a deal record card, each entrypoint on disk", () => {
    const byObject = Object.fromEntries(
      cards.map(({ card }) => [card.config.objectTypes.join(","), card.config]),
    );
    expect(byObject.companies?.location).toBe("crm.record.tab");
    expect(byObject.deals?.location).toBe("crm.record.sidebar");
    expect(new Set(cards.map(({ card }) => card.uid)).size).toBe(cards.length);
    for (const { card } of cards)
      expect(existsSync(join(srcDir, card.config.entrypoint)), card.uid).toBe(true);
  });

  it("permits fetching the service's base URL, the one the cards call", () => {
    expect(app.config.permittedUrls?.fetch).toContain(SERVICE_BASE_URL);
    expect(new URL(SERVICE_BASE_URL).origin).toBe(SERVICE_BASE_URL);
    for (const url of [
      companyCardUrl("1", { period: "2026-Q4", dealsLimit: 10, dealsOffset: 0 }),
      dealCardUrl("2"),
    ]) {
      expect(
        app.config.permittedUrls?.fetch?.some((permitted) => url.startsWith(`${permitted}/`)),
        url,
      ).toBe(true);
    }
  });

  it("asks for read scopes on every object type a card sits on", () => {
    for (const { card } of cards) {
      for (const objectType of card.config.objectTypes) {
        expect(app.config.auth.requiredScopes).toContain(`crm.objects.${objectType}.read`);
      }
    }
  });

  it("keeps *-hsmeta.json files at the root of their feature folder, as HubSpot requires", () => {
    const nested = readdirSync(CARDS_DIR, { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith("-hsmeta.json") && f.includes("/") && !f.startsWith("node_modules/"),
    );
    expect(nested).toEqual([]);
  });
});

describe("HubSpot project schema", () => {
  const card = cards[0]!.card;
  it("rejects what HubSpot would reject", () => {
    expect(cardHsmetaSchema.safeParse({ ...card, uid: undefined }).success).toBe(false);
    expect(
      cardHsmetaSchema.safeParse({ ...card, config: { ...card.config, location: "crm.record.middle" } })
        .success,
    ).toBe(false);
    expect(cardHsmetaSchema.safeParse({ ...card, config: { ...card.config, objectTypes: [] } }).success).toBe(
      false,
    );
    expect(
      cardHsmetaSchema.safeParse({ ...card, config: { ...card.config, objectType: ["deals"] } }).success,
    ).toBe(false);
    expect(
      appHsmetaSchema.safeParse({
        ...app,
        config: { ...app.config, permittedUrls: { fetch: ["http://plain.example"] } },
      }).success,
    ).toBe(false);
    expect(hsprojectSchema.safeParse({ ...project, platformVersion: "2023.2" }).success).toBe(false);
  });
});
