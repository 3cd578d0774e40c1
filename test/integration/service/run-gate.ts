// Holds a run open where the test decides, without sleeping: the sync persists every page it
// reads (and most of what it writes) in a store transaction, so while the gate is shut each
// transaction waits before it starts until the test lets it through. Nothing is held inside a
// transaction, so the rest of the service (sessions, /api/runs/current) keeps answering.
import type { Store } from "../../../src/store/index.ts";

export interface RunGate {
  /** Resolves when a transaction is waiting at the gate (at once if one already is). */
  held(): Promise<void>;
  /** Lets the oldest waiting transaction through. */
  step(): void;
  /** Lets everything through, now and later, and puts the store's own transaction back. */
  open(): void;
}

export function shutRunGate(store: Store): RunGate {
  const original = store.transaction;
  const waiting: Array<() => void> = [];
  let listeners: Array<() => void> = [];
  let shut = true;
  store.transaction = (async (fn: Parameters<Store["transaction"]>[0]) => {
    if (shut) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        for (const l of listeners) l();
        listeners = [];
      });
    }
    return original(fn);
  }) as Store["transaction"];
  return {
    held: () =>
      waiting.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => listeners.push(resolve)),
    step: () => waiting.shift()?.(),
    open() {
      shut = false;
      store.transaction = original;
      for (const go of waiting.splice(0)) go();
    },
  };
}
