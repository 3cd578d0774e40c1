// `compute --format table`: a per-partner summary a person can read in a terminal.
import type { Statement } from "../../engine/index.ts";

const COLUMNS = [
  ["PARTNER", "l"],
  ["TIER", "l"],
  ["SCORE", "r"],
  ["ELIGIBLE", "l"],
  ["EARNED", "r"],
  ["HELD", "r"],
  ["RELEASED", "r"],
  ["CLAWED BACK", "r"],
  ["PAYABLE", "r"],
  ["FUNDS", "l"],
] as const;

export function statementTable(s: Statement): string {
  const rows = s.partners.map((p) => [
    p.partner_id,
    // With a ladder per partner type (spec §5) a tier name alone is ambiguous: show the ladder.
    (p.tier === p.qualified_tier ? p.tier : `${p.tier} (qualifies ${p.qualified_tier})`) +
      (p.ladder === undefined ? "" : ` [${p.ladder ?? "no ladder"}]`),
    p.score ?? "-",
    p.eligible ? "yes" : "no",
    p.earned,
    p.held_back,
    p.released,
    p.clawed_back,
    p.payable,
    Object.entries(p.funds)
      .map(([f, b]) => `${f} ${b}`)
      .join(", ") || "-",
  ]);
  const widths = COLUMNS.map(([h], i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => (COLUMNS[i]![1] === "r" ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const header = `${s.program} — ${s.period} — amounts in ${s.currency}\n\n`;
  const notes = s.partners.flatMap((p) => [
    ...(!p.eligible
      ? [`${p.partner_id}: not eligible (${p.ineligible_reasons.join("; ")}); lines forfeited`]
      : p.carry_forward !== zero(p.carry_forward)
        ? [`${p.partner_id}: carries ${p.carry_forward} into the next period`]
        : []),
    // The statement's notes: a tier carried to another ladder, a tier missing from a new version.
    ...(p.notes ?? []).map((n) => `${p.partner_id}: ${n}`),
  ]);
  return `${header}${fmt(COLUMNS.map(([h]) => h))}\n${rows.map(fmt).join("\n")}\n${notes.length ? `\n${notes.join("\n")}\n` : ""}`;
}

function zero(money: string): string {
  return money.replace(/\d/g, "0").replace("-", "");
}
