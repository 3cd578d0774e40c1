// The sandbox's stand-in for a CRM's record page, so a link the admin console shows ("open in
// Salesforce/HubSpot") opens something in sandbox mode: the record's fields as an HTML table.
// Not part of either CRM's API (never counted as an API call).
import type { Response } from "express";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function sendRecordPage(
  res: Response,
  crm: string,
  title: string,
  fields: Record<string, unknown> | undefined,
): void {
  if (!fields) {
    res
      .status(404)
      .type("html")
      .send(`<!doctype html><title>Not found</title><h1>No such ${escapeHtml(title)}</h1>`);
    return;
  }
  const rows = Object.entries(fields)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(String(v))}</td></tr>`)
    .join("");
  res
    .type("html")
    .send(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escapeHtml(title)} — ${escapeHtml(crm)} sandbox</title>` +
        `<body style="font-family:sans-serif;margin:2rem"><p>${escapeHtml(crm)} sandbox record page</p>` +
        `<h1>${escapeHtml(title)}</h1><table aria-label="Fields">${rows}</table></body></html>`,
    );
}
