// Which line of a YAML text a problem's path points at (`entities.deal.fields.kind.transform`,
// `components[2].bands[1].from`), so the editor can mark it. When the exact node does not exist
// (a key that is missing), the closest existing parent is marked.
import { isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";

export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const part of path.split(".")) {
    const m = /^([^[\]]*)((\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? "").matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

export function lineOf(text: string, path: string): number {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  let node: Node | null = doc.contents as Node | null;
  let keyOffset: number | null = null;
  for (const seg of pathSegments(path)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as { value?: unknown } | null;
        return String(k?.value ?? k) === String(seg);
      });
      if (!pair) break;
      keyOffset = (pair.key as Node | null)?.range?.[0] ?? keyOffset;
      node = (pair.value as Node | null) ?? null;
      if (!node) break;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      node = item;
      keyOffset = item.range?.[0] ?? keyOffset;
    } else break;
  }
  const offset = node?.range?.[0] ?? keyOffset ?? 0;
  // A value on the key's own line is marked there; a block value starts on the next line, so the key is.
  const at =
    keyOffset !== null && node?.range && counter.linePos(offset).line !== counter.linePos(keyOffset).line
      ? keyOffset
      : offset;
  return counter.linePos(at).line;
}
