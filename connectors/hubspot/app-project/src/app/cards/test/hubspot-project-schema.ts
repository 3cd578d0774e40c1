// HubSpot's documented schema for a developer project on platform 2025.2, written with zod from
// HubSpot's reference pages ("App configuration", "App cards reference", developers.hubspot.com):
// hsproject.json at the project root; src/app/app-hsmeta.json for the app; one *-hsmeta.json per
// card in src/app/cards/. Only what the docs mark required is required; unknown keys fail, so a
// typo ("objectType") is caught here rather than by `hs project upload`.
import { z } from "zod";

export const PLATFORM_VERSIONS = ["2025.2", "2026.03"] as const;

export const hsprojectSchema = z.strictObject({
  name: z.string().min(1),
  srcDir: z.string().min(1),
  platformVersion: z.enum(PLATFORM_VERSIONS),
});

const httpsUrl = z.url({ protocol: /^https$/ });

export const appHsmetaSchema = z.strictObject({
  uid: z.string().min(1),
  type: z.literal("app"),
  config: z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    distribution: z.enum(["private", "marketplace"]),
    auth: z.strictObject({
      type: z.enum(["static", "oauth"]),
      redirectUrls: z.array(z.url()).optional(),
      requiredScopes: z.array(z.string().min(1)),
      optionalScopes: z.array(z.string().min(1)).optional(),
      conditionallyRequiredScopes: z.array(z.string().min(1)).optional(),
    }),
    permittedUrls: z
      .strictObject({
        fetch: z.array(httpsUrl).optional(),
        iframe: z.array(httpsUrl).optional(),
        img: z.array(httpsUrl).optional(),
      })
      .optional(),
    support: z
      .strictObject({
        supportEmail: z.email().optional(),
        documentationUrl: httpsUrl.optional(),
        supportUrl: httpsUrl.optional(),
        supportPhone: z.string().optional(),
      })
      .optional(),
  }),
});

/** Where an app card can sit on a CRM record (the two this project uses are record tab and sidebar). */
export const CARD_LOCATIONS = [
  "crm.record.tab",
  "crm.record.sidebar",
  "crm.preview",
  "helpdesk.sidebar",
] as const;

export const cardHsmetaSchema = z.strictObject({
  uid: z.string().min(1),
  type: z.literal("card"),
  config: z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    location: z.enum(CARD_LOCATIONS),
    // Relative to the project's srcDir, e.g. /app/cards/MyCard.tsx.
    entrypoint: z.string().regex(/^\/app\/cards\/[^/]+\.(jsx|tsx)$/, "/app/cards/<file>.jsx or .tsx"),
    // Standard objects by name, custom objects by their p_… name or id.
    objectTypes: z.array(z.string().regex(/^(contacts|companies|deals|tickets|p_\w+|\d+-\d+)$/)).min(1),
  }),
});

export type AppHsmeta = z.infer<typeof appHsmetaSchema>;
export type CardHsmeta = z.infer<typeof cardHsmetaSchema>;
