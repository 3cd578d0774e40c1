// Creates a partner in the CRM that does not hold it yet, as an upsert on the service's key
// (Incentive_Key__c / incentive_key), so a retried create never makes a duplicate.
// Being implemented (issue #7): until then no record is created.
import type { ObjectDescription } from "../../../connectors/types.ts";
import type { ComputeResult } from "../compute/run.ts";
import type { RunContext } from "../context.ts";

export async function createMirrors(
  ctx: RunContext,
  computed: ComputeResult,
  describes: Map<string, ObjectDescription>,
  scale: number,
): Promise<void> {
  void ctx;
  void computed;
  void describes;
  void scale;
}
