// `incentives payouts list|show`: a period's payouts with state, amounts, flags and disputes;
// one partner-period with every lifecycle event, its disputes and ledger rows.
import { listPayouts, type PayoutRow, type Selection, showPayout } from "../../payouts/index.ts";
import type { Store } from "../../store/index.ts";
import { EXIT } from "../command.ts";
import { err, json, out, table } from "./common.ts";

const SHOWN: Record<string, string> = {
  computed: "computed",
  held: "held for review",
  approved: "approved",
  exported: "exported",
  paid: "paid",
  disputed: "disputed",
};

function rowCells(r: PayoutRow): string[] {
  return [
    r.partner,
    SHOWN[r.display] ?? r.display,
    r.due,
    r.outstanding,
    r.paid,
    r.approval?.reference ?? "",
    [...r.flags, ...(r.openDisputes > 0 ? [`${r.openDisputes} dispute(s)`] : [])].join(", "),
  ];
}

export async function list(store: Store, sel: Selection, format: string): Promise<number> {
  const l = await listPayouts(store, sel);
  if (format === "json") {
    out(json(l));
    return EXIT.ok;
  }
  if (l.rows.length === 0) {
    out(`no payouts in ${sel.period}${sel.state || sel.flag || sel.partners ? " matching the filter" : ""}`);
    return EXIT.ok;
  }
  out(
    table(
      ["PARTNER", "STATE", "DUE", "OUTSTANDING", "PAID", "APPROVAL", "FLAGS / DISPUTES"],
      l.rows.map(rowCells),
      ["DUE", "OUTSTANDING", "PAID"],
    ),
  );
  out(
    `\n${Object.entries(l.totals)
      .map(([s, t]) => `${SHOWN[s] ?? s}: ${t.count} (${t.outstanding} outstanding)`)
      .join("; ")}`,
  );
  return EXIT.ok;
}

export async function show(store: Store, partner: string, period: string, format: string): Promise<number> {
  const d = await showPayout(store, partner, period);
  if (!d) {
    err(`incentives payouts: no payout for ${partner} in ${period}`);
    return EXIT.usage;
  }
  if (format === "json") {
    out(json(d));
    return EXIT.ok;
  }
  const p = d.payout;
  out(`${partner} ${period}: ${SHOWN[p.display] ?? p.display}`);
  out(
    `due ${p.due} ${p.currency ?? ""}, exported ${p.exported}, paid ${p.paid}, outstanding ${p.outstanding}`,
  );
  if (p.approval)
    out(`approval ${p.approval.reference}: ${p.approval.amount} by ${p.approval.by} at ${p.approval.at}`);
  out("\nevents");
  out(
    d.events.length === 0
      ? "  (none: computed, nobody acted yet)"
      : table(
          ["WHEN", "ACTION", "STATE", "BY", "AMOUNT", "WHY"],
          d.events.map((e) => [e.createdAt, e.action, e.state, e.actor, e.amount ?? "", e.reason]),
        ),
  );
  if (d.disputes.length > 0) {
    out("\ndisputes");
    out(
      table(
        ["ID", "STATUS", "DEAL", "LINE", "OPENED BY", "REASON", "RESOLUTION"],
        d.disputes.map((x) => [
          `#${x.id}`,
          x.status,
          x.deal ?? "",
          x.line ?? "",
          x.openedBy,
          x.reason,
          x.resolution ? `${x.resolution}${x.adjustment ? ` (${x.adjustment})` : ""}` : "",
        ]),
      ),
    );
  }
  out(
    `\nledger: ${d.ledger.entries.length} row(s); statement total ${d.ledger.periodTotal}, corrections ${d.ledger.corrections}, due ${d.ledger.due}`,
  );
  return EXIT.ok;
}
