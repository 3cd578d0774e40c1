// `incentives payouts approve|hold|release|correct`: people's decisions, each an event with who
// and why. A payout the action does not apply to is listed with the reason.
import {
  type ActionReport,
  applyAction,
  correctPayout,
  describeAction,
  type ManualAction,
  type Selection,
} from "../../payouts/index.ts";
import type { Store } from "../../store/index.ts";
import { EXIT } from "../command.ts";
import { err, json, out, table } from "./common.ts";

export async function act(
  store: Store,
  action: ManualAction,
  sel: Selection,
  who: { actor: string; reason: string },
  format: string,
): Promise<number> {
  const r: ActionReport = await applyAction(store, action, sel, who);
  if (format === "json") out(json(r));
  else {
    out(describeAction(r));
    if (r.changed.length > 0)
      out(
        table(
          ["PARTNER", "FROM", "TO", "AMOUNT"],
          r.changed.map((c) => [c.partner, c.from, c.to, c.amount ?? ""]),
        ),
      );
    if (r.skipped.length > 0)
      out(
        `skipped\n${table(
          ["PARTNER", "WHY"],
          r.skipped.map((s) => [s.partner, s.message]),
        )}`,
      );
  }
  // Named partners that could not move are a refused request; a filter matching some is not.
  return sel.partners && r.changed.length === 0 && r.skipped.length > 0 ? EXIT.usage : EXIT.ok;
}

export async function correct(
  store: Store,
  req: {
    partner: string;
    period: string;
    amount: string;
    reason: string;
    actor: string;
    deal?: string;
    line?: string;
  },
  format: string,
): Promise<number> {
  const r = await correctPayout(store, req);
  if (!r.ok) {
    err(`incentives payouts correct: ${r.message}`);
    return EXIT.usage;
  }
  if (format === "json") out(json(r));
  else
    out(
      `correction ${r.amount} ${r.currency} for ${req.partner} ${req.period} posted in ${r.postedIn} (ledger row ${r.entryId})` +
        (r.reopened ? "; its approval no longer matched and it needs approving again" : ""),
    );
  return EXIT.ok;
}
