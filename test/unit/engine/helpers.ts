// Builders for engine tests: a minimal valid program and data set, overridable per test.
import {
  computeStatement,
  computeStatements,
  type DataInput,
  type PartnerStatement,
  parseData,
  parseProgram,
  type Statement,
} from "../../../src/engine/index.ts";

export type ProgramDoc = Record<string, unknown>;
type DealDoc = DataInput["deals"][number];
type PartnerDoc = DataInput["partners"][number];

export function program(overrides: ProgramDoc = {}): ProgramDoc {
  return {
    program: "Test",
    currency: "USD",
    period: "quarter",
    starts: "2026-01-01",
    components: [{ id: "resale", type: "rate", bands: [{ from: "0", rate: "0.05" }] }],
    ...overrides,
  };
}

export function partner(id: string, overrides: Partial<PartnerDoc> = {}): PartnerDoc {
  return {
    id,
    name: id,
    type: "reseller",
    certifications: 0,
    agreement_signed: true,
    compliance_ok: true,
    ...overrides,
  };
}

let seq = 0;
export function deal(
  partnerId: string,
  amount: string,
  closeDate: string,
  overrides: Partial<DealDoc> = {},
): DealDoc {
  seq++;
  return {
    id: `D-${String(seq).padStart(4, "0")}`,
    partner_id: partnerId,
    kind: "new",
    stage: "won",
    attribution: "sourced",
    amount,
    currency: "USD",
    close_date: closeDate,
    ...overrides,
  };
}

export function statements(programDoc: ProgramDoc, data: DataInput, through: string): Statement[] {
  const p = parseProgram(programDoc);
  if (!p.ok) throw new Error(`program: ${JSON.stringify(p.problems)}`);
  const d = parseData(data);
  if (!d.ok) throw new Error(`data: ${JSON.stringify(d.problems)}`);
  const r = computeStatements(p.value, d.value, through);
  if (!r.ok) throw new Error(`compute: ${JSON.stringify(r.problems)}`);
  return r.value;
}

export function statement(programDoc: ProgramDoc, data: DataInput, period: string): Statement {
  const p = parseProgram(programDoc);
  if (!p.ok) throw new Error(`program: ${JSON.stringify(p.problems)}`);
  const d = parseData(data);
  if (!d.ok) throw new Error(`data: ${JSON.stringify(d.problems)}`);
  const r = computeStatement(p.value, d.value, period);
  if (!r.ok) throw new Error(`compute: ${JSON.stringify(r.problems)}`);
  return r.value;
}

export function only(s: Statement, partnerId = "P-1"): PartnerStatement {
  const p = s.partners.find((x) => x.partner_id === partnerId);
  if (!p) throw new Error(`no partner ${partnerId}`);
  return p;
}

export const amounts = (p: PartnerStatement, component?: string) =>
  p.lines.filter((l) => component === undefined || l.component === component).map((l) => l.amount);
