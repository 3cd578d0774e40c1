// Data (spec §1) assembled record by record: each partner and deal is validated as it is added,
// so a caller streaming a large store holds one validated copy of its deals, never an unvalidated
// copy beside it; the cross-record rules (unique ids, known partners) run once at the end.
import {
  type Data,
  type Deal,
  dataRuleProblems,
  dataSchema,
  dealSchema,
  type Partner,
  partnerSchema,
} from "./data-schema.ts";
import { problemsFromZod } from "./problems.ts";
import { fail, ok, type Problem, type Result, tidyProblems } from "./result.ts";

const restSchema = dataSchema.pick({ fx: true, claims: true });

export class DataBuilder {
  private readonly partners: Partner[] = [];
  private readonly deals: Deal[] = [];

  /** Adds a partner; returns its problems (paths relative to the partner), none when accepted. */
  addPartner(input: unknown): Problem[] {
    const parsed = partnerSchema.safeParse(input);
    if (!parsed.success) return problemsFromZod(parsed.error, input);
    this.partners.push(parsed.data);
    return [];
  }

  /** Adds a deal; returns its problems (paths relative to the deal), none when accepted. */
  addDeal(input: unknown): Problem[] {
    const parsed = dealSchema.safeParse(input);
    if (!parsed.success) return problemsFromZod(parsed.error, input);
    this.deals.push(parsed.data);
    return [];
  }

  /** The document with its fx rates and claims, or every problem (paths as `parseData` names them). */
  finish(rest: { fx?: unknown; claims?: unknown } = {}): Result<Data> {
    const parsed = restSchema.safeParse(rest);
    if (!parsed.success) return fail(tidyProblems(problemsFromZod(parsed.error, rest)));
    const data: Data = {
      partners: this.partners,
      deals: this.deals,
      ...(parsed.data.fx ? { fx: parsed.data.fx } : {}),
      ...(parsed.data.claims ? { claims: parsed.data.claims } : {}),
    };
    const problems = dataRuleProblems(data);
    return problems.length > 0 ? fail(tidyProblems(problems)) : ok(data);
  }
}
