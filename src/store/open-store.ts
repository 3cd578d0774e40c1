// Store configuration from the environment, parsed once: DATABASE_URL selects a PostgreSQL
// server, otherwise PGlite in DATA_DIR (default ./data).
import { z } from "zod";
import { StoreBusyError } from "./dir-lock.ts";
import type { Result, StoreFailure } from "./result.ts";
import { err, ok } from "./result.ts";
import type { Store, StoreConfig } from "./store.ts";
import { openStore } from "./store.ts";

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

/** What every command and the service call to get their store. */
export function openStoreFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  return openStore(storeConfigFromEnv(env));
}

export type OpenFailure = StoreFailure<"store_config_invalid" | "store_busy">;

/** Like `openStoreFromEnv`, with bad configuration and a busy data folder as values (CLI use). */
export async function tryOpenStoreFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Result<Store, OpenFailure>> {
  try {
    return ok(await openStoreFromEnv(env));
  } catch (error) {
    if (error instanceof StoreConfigError || error instanceof StoreBusyError) {
      return err({ code: error.code, message: error.message });
    }
    throw error;
  }
}
