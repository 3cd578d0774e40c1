// The engine's data built from what the store holds, exactly as a sync run builds it, for callers
// outside the sync (the admin API's simulate): they get this one entry, not the working set,
// loader and builder behind it, so "before" in a simulation equals what the last run posted.
// `baseVersion` comes through here too: the simulation starts its schedule where a run does.
import type { Data, Program } from "../../engine/index.ts";
import type { Store } from "../../store/index.ts";
import { loadWorkingSet } from "../load.ts";
import { buildData } from "./run.ts";

export { baseVersion } from "./program.ts";

export interface StoredData {
  /** The engine's data under `program` (a draft or a stored version), with `fx` rates. */
  dataFor(program: Program, fx: Data["fx"] | undefined): Promise<Data>;
  /** A partner's stored name, when it has one. */
  partnerName(id: string): string | undefined;
}

/** Loads the store's canonical records once; each program's data is then built from them. */
export async function loadStoredData(store: Store): Promise<StoredData> {
  const ws = await loadWorkingSet(store);
  return {
    dataFor: (program, fx) => buildData({ ws, store, counts: {} }, program, fx),
    partnerName: (id) => {
      const name = ws.partners.get(id)?.data.name;
      return typeof name === "string" ? name : undefined;
    },
  };
}
