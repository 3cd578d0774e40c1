// The store methods a simulation worker may call on the service's store (simulation-thread.ts
// answers them, simulation-worker.ts calls them): reads only, named one by one, so the worker
// can neither write nor reach a repository the simulation does not read.
export const WORKER_STORE_METHODS = {
  programVersions: ["list", "effectiveOn"],
  partners: ["list"],
  partnerHistory: ["list", "latest"],
  deals: ["page"],
  simulationInputs: ["dealCount", "postedPeriod"],
} as const;

export type WorkerRepo = keyof typeof WORKER_STORE_METHODS;

export function allowed(repo: string, method: string): repo is WorkerRepo {
  // Own keys only: "constructor" or "__proto__" must not reach Object's own members.
  if (!Object.hasOwn(WORKER_STORE_METHODS, repo)) return false;
  return (WORKER_STORE_METHODS as Record<string, readonly string[]>)[repo]!.includes(method);
}

/** Service → worker. */
export type ToWorker =
  | { type: "run"; id: number; request: { text: string; period: string; version: unknown } }
  | { type: "store-result"; call: number; ok: true; value: unknown }
  | { type: "store-result"; call: number; ok: false; message: string };

/** Worker → service. */
export type FromWorker =
  | { type: "store"; call: number; repo: string; method: string; args: unknown[] }
  | { type: "progress"; id: number; progress: unknown }
  | { type: "done"; id: number; outcome: unknown }
  | { type: "error"; id: number; message: string };
