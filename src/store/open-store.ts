// Opening the store the environment names (store-config.ts parses it).
import { StoreBusyError } from "./dir-lock.ts";
import type { Result, StoreFailure } from "./result.ts";
import { err, ok } from "./result.ts";
import type { Store } from "./store.ts";
import { openStore } from "./store.ts";
import { StoreConfigError, storeConfigFromEnv } from "./store-config.ts";

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

export { StoreConfigError, storeConfigFromEnv, storeEnvSchema } from "./store-config.ts";
