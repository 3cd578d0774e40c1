// A local preview build of the package's Lightning Web Components: compiled by the LWC compiler
// (@lwc/rollup-plugin, the same compiler version sfdx-lwc-jest uses) into one browser bundle.
// The platform modules a component imports are stood in for: lightning-* base components by SLDS
// blueprints (./lightning), the LDS wire adapters by adapters answering from window.__PREVIEW__
// (./wire), @salesforce/schema by { objectApiName, fieldApiName } and @salesforce/label by the
// label's value from the package's CustomLabels file.
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser } from "fast-xml-parser";
import { type Plugin, rollup } from "rollup";

// The plugin ships CommonJS whose module.exports is the plugin function, while its typings declare
// an ES default export; required, it is typed and called as published.
const lwc = createRequire(import.meta.url)(
  "@lwc/rollup-plugin",
) as typeof import("@lwc/rollup-plugin").default;

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
export const FORCE_APP = join(root, "connectors/salesforce/metadata/force-app/main/default");

/** Label name → value, from labels/CustomLabels.labels-meta.xml. */
export async function readLabels(): Promise<Map<string, string>> {
  const xml = await readFile(join(FORCE_APP, "labels/CustomLabels.labels-meta.xml"), "utf8");
  const parsed = new XMLParser({ parseTagValue: false, isArray: (n) => n === "labels" }).parse(xml) as {
    CustomLabels: { labels: Array<{ fullName: string; value: string }> };
  };
  return new Map(parsed.CustomLabels.labels.map((l) => [l.fullName, String(l.value)]));
}

function salesforceScopedImports(labels: Map<string, string>): Plugin {
  return {
    name: "salesforce-scoped-imports",
    resolveId: (id) => (id.startsWith("@salesforce/") ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith("\0@salesforce/")) return null;
      const spec = id.slice(1);
      const label = /^@salesforce\/label\/c\.(\w+)$/.exec(spec);
      if (label) {
        const value = labels.get(label[1]!);
        if (value === undefined) this.error(`unknown custom label ${label[1]}`);
        return `export default ${JSON.stringify(value)};`;
      }
      const schema = /^@salesforce\/schema\/(\w+)\.([\w.]+)$/.exec(spec);
      if (schema)
        return `export default ${JSON.stringify({ objectApiName: schema[1], fieldApiName: schema[2] })};`;
      this.error(`the preview has no stand-in for ${spec}`);
    },
  };
}

/** The engine's development checks read process.env.NODE_ENV, which a browser does not have. */
const productionMode: Plugin = {
  name: "production-mode",
  transform: (code) =>
    code.includes("process.env.NODE_ENV") ? code.replaceAll("process.env.NODE_ENV", '"production"') : null,
};

async function dirs(path: string): Promise<string[]> {
  return (await readdir(path, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
}

/** The bundle's JavaScript (an IIFE that mounts window.__PREVIEW__.mounts). */
export async function buildPreview(): Promise<string> {
  const labels = await readLabels();
  const lwcDir = join(FORCE_APP, "lwc");
  const stubs = join(here, "lightning");
  const modules = [
    ...(await dirs(lwcDir)).map((n) => ({ name: `c/${n}`, path: join(lwcDir, n, `${n}.js`) })),
    ...(await dirs(stubs))
      .filter((n) => n !== "icon")
      .map((n) => ({ name: `lightning/${n}`, path: join(stubs, n, `${n}.js`) })),
    { name: "preview/icons", path: join(stubs, "icon/icon.js") },
    { name: "lightning/uiRecordApi", path: join(here, "wire/uiRecordApi.js") },
    { name: "lightning/uiRelatedListApi", path: join(here, "wire/uiRelatedListApi.js") },
  ];
  const bundle = await rollup({
    input: join(here, "main.js"),
    plugins: [salesforceScopedImports(labels), lwc({ rootDir: here, modules }), productionMode],
    onwarn(warning, warn) {
      if (warning.code !== "CIRCULAR_DEPENDENCY") warn(warning);
    },
  });
  try {
    const { output } = await bundle.generate({ format: "iife", name: "preview" });
    return output[0].code;
  } finally {
    await bundle.close();
  }
}
