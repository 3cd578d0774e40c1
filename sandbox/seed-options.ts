// What a demo seeder is told, written once for both emulators: their `seed` start option and
// POST /__sandbox/seed take the same fields. Each emulator wraps the shape itself because they
// differ on unknown fields (Salesforce rejects them like its API does; HubSpot drops them).
import { z } from "zod";
import type { DemoDatasetOptions } from "./demo-data.ts";

export const demoSeedShape = {
  /** PRNG seed of the demo data set (sandbox/demo-data.ts); same seed, same records. */
  seed: z.number().int().optional(),
  partners: z.number().int().min(0),
  deals: z.number().int().min(0),
  /** Customer (end-client) companies / accounts the deals belong to; each seeder has a default. */
  customers: z.number().int().min(0).optional(),
  from: z.string().optional(),
  quarters: z.number().int().positive().optional(),
};

export type DemoSeedOptions = z.output<z.ZodObject<typeof demoSeedShape>>;

/** The demo data set's options, without the fields left unset (exactOptionalPropertyTypes). */
export function demoDatasetOptions(o: {
  seed?: number | undefined;
  partners: number;
  deals: number;
  from?: string | undefined;
  quarters?: number | undefined;
}): DemoDatasetOptions {
  const d: DemoDatasetOptions = { partners: o.partners, deals: o.deals };
  if (o.seed !== undefined) d.seed = o.seed;
  if (o.from !== undefined) d.from = o.from;
  if (o.quarters !== undefined) d.quarters = o.quarters;
  return d;
}
