// Mappings admin over mappings/<crm>.yaml. The document is `{ salesforce?, hubspot? }`, each a
// mapping as YAML text or as a JSON object. A replacement is validated in full (each file, then
// the pair rules across both) and written only when valid, each file atomically (temporary file
// + rename in the same folder); the runtime picks it up at the start of the next run. With a
// `describe`, a replacement (and a validation asked to be `live`) is also checked against the
// CRM's live describe/properties, so a mapping naming a field the CRM lacks is never saved. With
// a store, every saved text is kept with who saved it (the console's history).
import { randomUUID } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { CrmName } from "../../../connectors/types.ts";
import type { Store } from "../../store/index.ts";
import type { Mapping, MappingProblem } from "../../sync/mapping/index.ts";
import { checkMappingPair, mappingPath, parseMapping } from "../../sync/mapping/index.ts";
import { type Describe, liveProblems } from "../../sync/mapping/live-check.ts";
import type { JsonValue, MappingsAdmin, Outcome, Problem, Validation } from "../ports.ts";

export interface MappingsAdminHandle extends MappingsAdmin {
  /** Moves accepted replacements into the runtime's mappings; call only while no run is going. */
  applyPending(): void;
  /** The accepted mapping and its text per CRM (the console's extras read them). */
  current(crm: CrmName): { mapping: Mapping; text: string } | null;
}

interface Candidate {
  crm: CrmName;
  text: string;
  mapping: Mapping;
}

const problem = (path: string, message: string): Problem => ({ path, message });
const fromMapping = (crm: CrmName, p: MappingProblem): Problem =>
  problem(p.path ? `${crm}.${p.path}` : crm, p.message);

export async function createMappingsAdmin(options: {
  dir: string;
  /** The runtime's mappings object (read by every run); updated in place by applyPending. */
  live: Partial<Record<CrmName, Mapping>>;
  /** Live describes (cached by the caller); absent = offline checks only. */
  describe?: Describe;
  /** Where the history of saved versions is kept; absent = no history. */
  store?: Store;
}): Promise<MappingsAdminHandle> {
  const crms = Object.keys(options.live) as CrmName[];
  const texts = new Map<CrmName, string>();
  for (const crm of crms) texts.set(crm, await readFile(mappingPath(options.dir, crm), "utf8"));
  const accepted = new Map<CrmName, Mapping>(crms.map((crm) => [crm, options.live[crm]!]));
  const pending = new Map<CrmName, Mapping>();
  let writing: Promise<unknown> = Promise.resolve();

  const check = (document: JsonValue): { problems: Problem[]; candidates: Candidate[] } => {
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
      return {
        problems: [problem("", `must be an object keyed by CRM (${crms.join(", ")})`)],
        candidates: [],
      };
    }
    const problems: Problem[] = [];
    const candidates: Candidate[] = [];
    const keys = Object.keys(document);
    if (keys.length === 0) problems.push(problem("", `name at least one CRM (${crms.join(", ")})`));
    for (const key of keys) {
      if (!crms.includes(key as CrmName)) {
        problems.push(problem(key, `unknown CRM; this service maps ${crms.join(" and ")}`));
        continue;
      }
      const crm = key as CrmName;
      const value = document[key];
      const text =
        typeof value === "string" ? value : value && typeof value === "object" ? stringifyYaml(value) : null;
      if (text === null) {
        problems.push(problem(crm, "must be the mapping as YAML text or as an object"));
        continue;
      }
      const parsed = parseMapping(text, crm);
      if (!parsed.ok) problems.push(...parsed.problems.map((p) => fromMapping(crm, p)));
      else candidates.push({ crm, text, mapping: parsed.mapping });
    }
    if (problems.length === 0) {
      const next = new Map(accepted);
      for (const c of candidates) next.set(c.crm, c.mapping);
      const [a, b] = [next.get("salesforce"), next.get("hubspot")];
      if (a && b) problems.push(...checkMappingPair(a, b).map((p) => fromMapping(p.crm ?? "hubspot", p)));
    }
    return { problems, candidates };
  };

  /** Each candidate against its CRM's live describe; a CRM that cannot be described is a problem. */
  const checkLive = async (candidates: Candidate[]): Promise<Problem[]> => {
    const describe = options.describe;
    if (!describe) return [];
    const problems: Problem[] = [];
    for (const c of candidates) {
      try {
        problems.push(...(await liveProblems(c.mapping, describe)).map((p) => fromMapping(c.crm, p)));
      } catch (error) {
        const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
        problems.push(problem(c.crm, `cannot check against ${c.crm}'s live describe: ${message}`));
      }
    }
    return problems;
  };

  // The text on disk becomes the first history entry (or a new one when someone edited the file
  // by hand since the last save), so the first save through the API has something to diff against.
  if (options.store) {
    for (const crm of crms) {
      const text = texts.get(crm) ?? "";
      const latest = await options.store.mappingVersions.latest(crm);
      if (latest?.yaml !== text) {
        await options.store.mappingVersions.record({ crm, yaml: text, changedBy: "file on disk" });
      }
    }
  }

  // Parsed once per accepted text: the console reads the mapping on every page load.
  let parsed: { key: string; value: JsonValue } | null = null;
  const documentOf = (): JsonValue => {
    const key = crms.map((crm) => texts.get(crm) ?? "").join("\u0000");
    if (parsed?.key !== key) {
      parsed = {
        key,
        value: Object.fromEntries(crms.map((crm) => [crm, parseYaml(texts.get(crm) ?? "") as JsonValue])),
      };
    }
    return parsed.value;
  };

  return {
    async get() {
      return documentOf();
    },
    async texts() {
      return Object.fromEntries(crms.map((crm) => [crm, texts.get(crm) ?? ""]));
    },
    async validate(document, validateOptions = {}): Promise<Validation> {
      const { problems, candidates } = check(document);
      if (problems.length === 0 && validateOptions.live) problems.push(...(await checkLive(candidates)));
      return problems.length > 0 ? { ok: false, problems } : { ok: true };
    },
    current(crm) {
      const mapping = accepted.get(crm);
      return mapping ? { mapping, text: texts.get(crm) ?? "" } : null;
    },
    replace(document, actor = "api token"): Promise<Outcome<{ mapping: JsonValue }>> {
      // One replacement at a time: each is checked against the one accepted before it.
      const next = writing.then(async (): Promise<Outcome<{ mapping: JsonValue }>> => {
        const { problems, candidates } = check(document);
        if (problems.length === 0) problems.push(...(await checkLive(candidates)));
        if (problems.length > 0) return { ok: false, problems };
        for (const c of candidates) {
          const path = mappingPath(options.dir, c.crm);
          const tmp = `${path}.${randomUUID()}.tmp`;
          try {
            await writeFile(tmp, c.text, { encoding: "utf8", flag: "wx" });
            await rename(tmp, path);
          } catch (error) {
            await rm(tmp, { force: true });
            throw error;
          }
          if (texts.get(c.crm) !== c.text) {
            await options.store?.mappingVersions.record({ crm: c.crm, yaml: c.text, changedBy: actor });
          }
          texts.set(c.crm, c.text);
          accepted.set(c.crm, c.mapping);
          pending.set(c.crm, c.mapping);
        }
        return { ok: true, mapping: documentOf() };
      });
      writing = next.catch(() => undefined);
      return next;
    },
    applyPending() {
      for (const [crm, mapping] of pending) options.live[crm] = mapping;
      pending.clear();
    },
  };
}
