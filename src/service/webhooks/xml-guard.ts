// Cheap checks on an Outbound Message's text before any XML parser sees it (issue #20, point 6).
// fast-xml-parser and its validator recurse per nesting level: 50,000 nested elements overflowed
// the stack and answered 500. A SOAP notification is 6 levels deep and carries at most 100
// notifications of a few dozen fields, so one linear scan refuses anything deeper or larger
// long before a parser could suffer from it.

/** Envelope/Body/notifications/Notification/sObject/field is 6; room for SOAP headers. */
export const MAX_XML_DEPTH = 20;
/** 100 notifications × (3 + up to ~100 selected fields), with headroom. */
export const MAX_XML_ELEMENTS = 20_000;

export interface XmlShapeLimits {
  maxDepth: number;
  maxElements: number;
}

/**
 * A problem with the document's shape, or null when it stays within the limits. Counts start
 * tags only; comments, CDATA, processing instructions and declarations are skipped whole, and
 * quoted attribute values may hold `>` or `/`.
 */
export function xmlShapeProblem(
  xml: string,
  limits: XmlShapeLimits = { maxDepth: MAX_XML_DEPTH, maxElements: MAX_XML_ELEMENTS },
): string | null {
  let depth = 0;
  let elements = 0;
  let i = xml.indexOf("<");
  while (i !== -1 && i < xml.length) {
    const next = xml[i + 1];
    if (next === "!" || next === "?") {
      // <!-- … -->, <![CDATA[ … ]]>, <!DOCTYPE …>, <?xml …?>: skip to their own end.
      const end = xml.startsWith("<!--", i)
        ? xml.indexOf("-->", i + 4)
        : xml.startsWith("<![CDATA[", i)
          ? xml.indexOf("]]>", i + 9)
          : xml.indexOf(">", i + 2);
      if (end === -1) return null; // unterminated: the parser's validator reports it
      i = xml.indexOf("<", end + 1);
      continue;
    }
    // Find the tag's end, stepping over quoted attribute values.
    let j = i + 1;
    let quote: string | null = null;
    for (; j < xml.length; j++) {
      const c = xml[j];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === ">") break;
    }
    if (j >= xml.length) return null; // unterminated tag: left to the validator
    if (next === "/") depth--;
    else if (xml[j - 1] !== "/") {
      depth++;
      elements++;
      if (depth > limits.maxDepth) return `elements nest deeper than ${limits.maxDepth} levels`;
    } else elements++;
    if (elements > limits.maxElements) return `more than ${limits.maxElements} elements`;
    i = xml.indexOf("<", j + 1);
  }
  return null;
}

/**
 * The OrganizationId a message names, read from the raw text without parsing it, so a message
 * from another organization is refused before it costs a parse. null when there is none (the
 * parser's schema check then reports the message as malformed).
 */
export function peekOrganizationId(xml: string): string | null {
  const match = /<(?:[A-Za-z_][\w.-]*:)?OrganizationId\s*>\s*([A-Za-z0-9]{15,18})\s*</.exec(xml);
  return match?.[1] ?? null;
}
