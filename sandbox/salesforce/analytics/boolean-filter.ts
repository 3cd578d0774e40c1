// A report's filter logic ("1 AND (2 OR NOT 3)"), numbers naming filters by position from 1.
// https://help.salesforce.com/s/articleView?id=sf.reports_builder_filtering_filter_logic.htm&type=5

type Token = { kind: "num"; n: number } | { kind: "op"; op: "AND" | "OR" | "NOT" | "(" | ")" };

function tokens(text: string): Token[] | null {
  const out: Token[] = [];
  for (const raw of text.match(/\d+|AND|OR|NOT|\(|\)|\S+/gi) ?? []) {
    if (/^\d+$/.test(raw)) out.push({ kind: "num", n: Number(raw) });
    else if (/^(AND|OR|NOT|\(|\))$/i.test(raw))
      out.push({ kind: "op", op: raw.toUpperCase() as "AND" | "OR" | "NOT" | "(" | ")" });
    else return null;
  }
  return out;
}

/**
 * A function from the filters' results to the record's, or an error message. Without logic
 * every filter must pass (AND), as in Salesforce.
 */
export function compileBooleanFilter(
  logic: string | null,
  filterCount: number,
): ((results: boolean[]) => boolean) | { error: string } {
  if (logic === null || logic.trim() === "") return (results) => results.every(Boolean);
  const toks = tokens(logic);
  if (!toks) return { error: `filter logic "${logic}" has an unknown word` };
  let i = 0;
  type Node = (r: boolean[]) => boolean;
  const fail = (why: string): never => {
    throw new Error(`filter logic "${logic}": ${why}`);
  };
  const primary = (): Node => {
    const t = toks[i++];
    if (!t) return fail("ends too early");
    if (t.kind === "num") {
      if (t.n < 1 || t.n > filterCount) fail(`there is no filter ${t.n}`);
      return (r) => r[t.n - 1] === true;
    }
    if (t.op === "NOT") {
      const inner = primary();
      return (r) => !inner(r);
    }
    if (t.op === "(") {
      const inner = or();
      const close = toks[i++];
      if (close?.kind !== "op" || close.op !== ")") fail("missing )");
      return inner;
    }
    return fail(`unexpected ${t.op}`);
  };
  const and = (): Node => {
    let left = primary();
    while (toks[i]?.kind === "op" && (toks[i] as { op: string }).op === "AND") {
      i++;
      const l = left;
      const right = primary();
      left = (r) => l(r) && right(r);
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (toks[i]?.kind === "op" && (toks[i] as { op: string }).op === "OR") {
      i++;
      const l = left;
      const right = and();
      left = (r) => l(r) || right(r);
    }
    return left;
  };
  try {
    const node = or();
    if (i !== toks.length) fail("has extra words at the end");
    return node;
  } catch (error) {
    return { error: (error as Error).message };
  }
}
