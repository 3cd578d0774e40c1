// The Simulator the service uses: the same simulator, run in a worker thread
// (simulation-worker.ts) so the engine's seconds of computation never block a request. The
// worker reads the store through this side (only the methods simulation-rpc.ts names), is
// started on the first simulation and ended once it has been idle as long as its data is kept,
// which gives the memory of the engine data back.
import { Worker } from "node:worker_threads";
import type { Data } from "../../engine/index.ts";
import type { Store } from "../../store/index.ts";
import { allowed, type FromWorker, type ToWorker } from "./simulation-rpc.ts";
import type { SimulationOutcome, SimulationProgress, Simulator } from "./simulator.ts";

interface Running {
  resolve: (o: SimulationOutcome) => void;
  reject: (e: Error) => void;
  onProgress: (p: SimulationProgress) => void;
}

export function createThreadSimulator(deps: {
  store: Store;
  fx?: Data["fx"];
  keepDataMs?: number;
  reusePosted?: boolean;
}): Simulator {
  const keepMs = deps.keepDataMs ?? 10 * 60_000;
  let worker: Worker | null = null;
  let idle: ReturnType<typeof setTimeout> | null = null;
  const running = new Map<number, Running>();
  let runs = 0;

  const stop = () => {
    if (idle) clearTimeout(idle);
    idle = null;
    const w = worker;
    worker = null;
    void w?.terminate();
  };

  const fail = (message: string) => {
    for (const r of running.values()) r.reject(new Error(message));
    running.clear();
  };

  function start(): Worker {
    const w = new Worker(new URL("./simulation-worker.ts", import.meta.url), {
      workerData: {
        ...(deps.fx ? { fx: deps.fx } : {}),
        keepDataMs: keepMs,
        ...(deps.reusePosted !== undefined ? { reusePosted: deps.reusePosted } : {}),
      },
    });
    // The service may exit while a worker idles.
    w.unref();
    const reply = (message: ToWorker) => w.postMessage(message);
    w.on("message", (message: FromWorker) => {
      if (message.type === "store") {
        const { call, repo, method, args } = message;
        if (!allowed(repo, method)) {
          reply({
            type: "store-result",
            call,
            ok: false,
            message: `store.${repo}.${method} is not for simulations`,
          });
          return;
        }
        const target = deps.store[repo] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
        target[method]!(...args).then(
          (value) => reply({ type: "store-result", call, ok: true, value }),
          (error: unknown) =>
            reply({
              type: "store-result",
              call,
              ok: false,
              message: error instanceof Error ? error.message : String(error),
            }),
        );
        return;
      }
      const r = running.get(message.id);
      if (!r) return;
      if (message.type === "progress") r.onProgress(message.progress as SimulationProgress);
      else {
        running.delete(message.id);
        if (message.type === "done") r.resolve(message.outcome as SimulationOutcome);
        else r.reject(new Error(message.message));
      }
    });
    w.on("error", (error) => {
      if (worker === w) worker = null;
      fail(`the simulation thread failed: ${error.message}`);
    });
    w.on("exit", (code) => {
      if (worker === w) worker = null;
      if (code !== 0) fail(`the simulation thread stopped (exit code ${code})`);
    });
    return w;
  }

  return {
    forget: stop,
    run(request, onProgress) {
      if (idle) clearTimeout(idle);
      idle = null;
      worker ??= start();
      const w = worker;
      const id = ++runs;
      return new Promise<SimulationOutcome>((resolve, reject) => {
        running.set(id, { resolve, reject, onProgress });
        w.postMessage({ type: "run", id, request } satisfies ToWorker);
      }).finally(() => {
        if (running.size === 0) {
          idle = setTimeout(stop, keepMs);
          idle.unref?.();
        }
      });
    },
  };
}
