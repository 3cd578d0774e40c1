// The simulation's own thread: the engine computes for seconds on 400,000 deals, and on the
// service's thread that would stall every request meanwhile (the console polling its progress
// included). The worker holds the simulator (and the engine data it keeps between drafts); the
// records come from the service's store through messages, page by page (simulation-rpc.ts).
import { parentPort, workerData } from "node:worker_threads";
import type { Data } from "../../engine/index.ts";
import type { Store } from "../../store/index.ts";
import { readAhead } from "./read-ahead.ts";
import type { FromWorker, ToWorker } from "./simulation-rpc.ts";
import { WORKER_STORE_METHODS } from "./simulation-rpc.ts";
import { createSimulator } from "./simulator.ts";

const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let calls = 0;

function call(repo: string, method: string, args: unknown[]): Promise<unknown> {
  const id = ++calls;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    send({ type: "store", call: id, repo, method, args });
  });
}

// A plain object of the allowed methods (spreadable, as the simulator's counting wrapper does).
const store = Object.fromEntries(
  Object.entries(WORKER_STORE_METHODS).map(([repo, methods]) => [
    repo,
    Object.fromEntries(methods.map((m) => [m, (...args: unknown[]) => call(repo, m, args)])),
  ]),
) as unknown as Store;

// Deals are read a chunk ahead: the service's thread reads the next one while this thread builds.
const deals = store.deals as unknown as { page: Parameters<typeof readAhead>[0] };
deals.page = readAhead(deals.page);

const options = workerData as { fx?: Data["fx"]; keepDataMs?: number; reusePosted?: boolean };
const simulator = createSimulator({
  store,
  ...(options.fx ? { fx: options.fx } : {}),
  ...(options.keepDataMs !== undefined ? { keepDataMs: options.keepDataMs } : {}),
  ...(options.reusePosted !== undefined ? { reusePosted: options.reusePosted } : {}),
});

port.on("message", (message: ToWorker) => {
  if (message.type === "store-result") {
    const p = pending.get(message.call);
    pending.delete(message.call);
    if (message.ok) p?.resolve(message.value);
    else p?.reject(new Error(message.message));
    return;
  }
  const { id, request } = message;
  simulator
    .run(request as Parameters<typeof simulator.run>[0], (progress) =>
      send({ type: "progress", id, progress }),
    )
    .then(
      (outcome) => send({ type: "done", id, outcome }),
      (error: unknown) =>
        send({ type: "error", id, message: error instanceof Error ? error.message : String(error) }),
    );
});
