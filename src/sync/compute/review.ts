// Payout operations inside a sync run (issue #16): as the statements stream past, the program
// version's review rules are evaluated for each period (flags), and the current period's tier
// nudges are worked out against the period before. Only slim per-partner figures are kept.
import {
  type Data,
  type PartnerStatement,
  type Program,
  prepareReview,
  type ReviewFlag,
  type ReviewIndex,
  reviewFlags,
  type Statement,
  type TierNudge,
  tierNudges,
} from "../../engine/index.ts";
import type { LoadedProgram } from "./program.ts";

export interface ReviewResult {
  /** Every computed period, oldest first, with its flags (possibly none). */
  periods: Array<{ period: string; flags: ReviewFlag[]; rowsWritten: number }>;
  /** Nudges for the current period. */
  nudges: TierNudge[];
  /** Per partner: the payable of the period before the current one (for the Account's payout status). */
  previousPayable: Map<string, string>;
}

type Slim = Pick<
  PartnerStatement,
  | "partner_id"
  | "ladder"
  | "tier"
  | "qualified_tier"
  | "next_tier"
  | "gap_to_next_tier"
  | "missing_for_next_tier"
  | "payable"
>;

export class ReviewCollector {
  readonly result: ReviewResult = { periods: [], nudges: [], previousPayable: new Map() };
  private index: ReviewIndex | null = null;
  private indexFailed = false;
  private previous: Statement | null = null;
  private readonly loaded: LoadedProgram;
  private readonly data: Data;
  private readonly current: string;
  private readonly warn: (message: string) => void;

  constructor(loaded: LoadedProgram, data: Data, current: string, warn: (message: string) => void) {
    this.loaded = loaded;
    this.data = data;
    this.current = current;
    this.warn = warn;
  }

  /** Called once per statement, in period order. */
  period(statement: Statement): void {
    const program = this.programOf(statement);
    const flags = program.review ? this.flags(program, statement) : [];
    this.result.periods.push({ period: statement.period, flags, rowsWritten: 0 });
    const slim: Statement = {
      ...statement,
      partners: statement.partners.map(slimOf) as unknown as PartnerStatement[],
    };
    if (statement.period === this.current) {
      this.result.nudges = tierNudges(program, slim, this.previous);
      for (const p of this.previous?.partners ?? []) this.result.previousPayable.set(p.partner_id, p.payable);
    }
    this.previous = slim;
  }

  /** The ledger rows the posting of `period` wrote (a period whose figures moved is re-checked). */
  posted(period: string, rowsWritten: number): void {
    const entry = this.result.periods.find((p) => p.period === period);
    if (entry) entry.rowsWritten += rowsWritten;
  }

  private programOf(statement: Statement): Program {
    const v = this.loaded.versions.find((x) => x.version === statement.program_version);
    return v?.program ?? this.loaded.program;
  }

  private flags(program: Program, statement: Statement): ReviewFlag[] {
    if (this.index === null && !this.indexFailed) {
      const r = prepareReview(program, this.data);
      if (r.ok) this.index = r.value;
      else {
        this.indexFailed = true;
        this.warn(`review flags not computed: ${r.problems.map((p) => p.message).join("; ")}`);
      }
    }
    if (!this.index) return [];
    const r = reviewFlags(program, this.index, statement.period, statement);
    if (!r.ok) {
      this.warn(`review flags of ${statement.period}: ${r.problems.map((p) => p.message).join("; ")}`);
      return [];
    }
    return r.value;
  }
}

function slimOf(p: PartnerStatement): Slim & { lines: [] } {
  return {
    partner_id: p.partner_id,
    // The partner's own ladder (spec §5): nudges compare with its levels, not the first ladder's.
    ...(p.ladder !== undefined ? { ladder: p.ladder } : {}),
    tier: p.tier,
    qualified_tier: p.qualified_tier,
    next_tier: p.next_tier,
    gap_to_next_tier: p.gap_to_next_tier,
    missing_for_next_tier: p.missing_for_next_tier,
    payable: p.payable,
    lines: [],
  };
}
