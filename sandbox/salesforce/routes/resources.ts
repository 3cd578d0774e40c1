// Versions list and per-version resource directory, which clients probe.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_discoveryresource.htm
import { json, type Router } from "../http.ts";

const RESOURCES = [
  "tooling",
  "metadata",
  "eclair",
  "folders",
  "prechatForms",
  "chatter",
  "tabs",
  "appMenu",
  "quickActions",
  "queryAll",
  "commerce",
  "wave",
  "iot",
  "analytics",
  "search",
  "identity",
  "composite",
  "parameterizedSearch",
  "theme",
  "nouns",
  "recent",
  "licensing",
  "limits",
  "async-queries",
  "query",
  "match",
  "emailConnect",
  "compactLayouts",
  "knowledgeManagement",
  "sobjects",
  "actions",
  "support",
  "jobs",
];

export function versionsList(latest: string): { label: string; url: string; version: string }[] {
  const top = Number(latest);
  const out: { label: string; url: string; version: string }[] = [];
  for (let v = 31; v <= top; v++)
    out.push({ label: `API ${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  return out;
}

export function registerResources(router: Router): void {
  // jsforce's identity() reads `identity` from this directory when it has no userInfo yet.
  router.add("GET", "/", (req, rt) =>
    json(200, {
      ...Object.fromEntries(RESOURCES.map((r) => [r, `/services/data/${req.version}/${r}`])),
      identity: `${rt.url()}/id/${rt.org.orgId}/${req.userId}`,
    }),
  );
}
