// The custom labels as they read in the org (from labels/CustomLabels.labels-meta.xml), so the
// tests assert the text a user sees, placeholders filled, rather than the label's name (which is
// what sfdx-lwc-jest returns for an unmocked @salesforce/label import).
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const xml = readFileSync(
  join(__dirname, "force-app/main/default/labels/CustomLabels.labels-meta.xml"),
  "utf8",
);
const decodeXml = (s) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
for (const [, body] of xml.matchAll(/<labels>([\s\S]*?)<\/labels>/g)) {
  const name = /<fullName>([^<]+)<\/fullName>/.exec(body)[1];
  const value = decodeXml(/<value>([\s\S]*?)<\/value>/.exec(body)[1]);
  jest.mock(`@salesforce/label/c.${name}`, () => ({ __esModule: true, default: value }), { virtual: true });
}
