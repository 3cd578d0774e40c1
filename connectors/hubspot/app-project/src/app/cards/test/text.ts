// All text under a rendered node. The test renderer's `text` holds only a node's own text
// children, so a table row's or an empty state's words are gathered here, one line per text.
interface RenderedNodeLike {
  nodeType: string;
  text: string | null;
  childNodes?: readonly RenderedNodeLike[];
}

export function allText(node: RenderedNodeLike): string {
  if (node.nodeType === "text") return node.text ?? "";
  return (node.childNodes ?? []).map(allText).join("\n");
}
