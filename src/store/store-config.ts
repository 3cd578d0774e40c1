// Store configuration from the environment, parsed once: DATABASE_URL selects a PostgreSQL
// server, otherwise PGlite in DATA_DIR (default ./data). Apart from open-store.ts so a config
// can be parsed without loading the database drivers.
import { z } from "zod";
import type { StoreConfig } from "./store.ts";

export const storeEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "lower-case letters, digits and _")
    .optional(),
});

export class StoreConfigError extends Error {
  readonly code = "store_config_invalid";
}

export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const nonEmpty = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = storeEnvSchema.safeParse(nonEmpty);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new StoreConfigError(`invalid store configuration:\n  ${problems.join("\n  ")}`);
  }
  const { DATABASE_URL, DATA_DIR, DATABASE_SCHEMA } = parsed.data;
  const schema = DATABASE_SCHEMA ? { schema: DATABASE_SCHEMA } : {};
  return DATABASE_URL
    ? { backend: "postgres", connectionString: DATABASE_URL, ...schema }
    : { backend: "pglite", dataDir: DATA_DIR, ...schema };
}
