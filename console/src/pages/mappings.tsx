// Mappings: per CRM, the mapping as a table and as YAML in CodeMirror. Validate checks against the
// CRM's live describe/properties and marks each problem on its line; the field picker lists the
// object's real fields; Save keeps a history; unmapped picklist values are mapped in one click.
import type { CompletionContext } from "@codemirror/autocomplete";
import { useEffect, useMemo, useState } from "preact/hooks";
import { parse as parseYaml } from "yaml";
import { ApiError, api } from "../api/client.ts";
import type {
  CrmField,
  CrmName,
  MappingChange,
  Page,
  Problem,
  UnmappedValue,
  Validation,
} from "../api/types.ts";
import { Card, Empty, ErrorBox, Loading, Notice } from "../components/states.tsx";
import { type EditorHandle, type LineProblem, YamlEditor } from "../components/yaml-editor.tsx";
import { formatDateTime } from "../lib/money.ts";
import { useApi } from "../lib/use-api.ts";
import { lineOf } from "../lib/yaml-lines.ts";
import { MappingHistory } from "./mapping-history.tsx";
import { type MappingDoc, MappingTable } from "./mappings-table.tsx";
import { UnmappedValues } from "./unmapped-values.tsx";

const CRMS: CrmName[] = ["salesforce", "hubspot"];

function parseDoc(text: string): MappingDoc | null {
  try {
    const v = parseYaml(text) as MappingDoc;
    return v && typeof v === "object" && v.entities ? v : null;
  } catch {
    return null;
  }
}

/** The entity (partner/deal) whose block holds `line` (1-based), from the indentation. */
function entityAt(text: string, line: number): string | null {
  const lines = text.split("\n").slice(0, line);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^ {2}([a-z_]+):\s*$/.exec(lines[i] ?? "");
    if (m) return m[1] ?? null;
  }
  return null;
}

export function MappingsPage() {
  const [crm, setCrm] = useState<CrmName>("salesforce");
  const loaded = useApi(() => api.get<{ texts?: Record<string, string> }>("/mappings"), []);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [message, setMessage] = useState<{ kind: "success" | "info"; text: string } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState<"validate" | "save" | null>(null);
  const [fields, setFields] = useState<Record<string, CrmField[] | undefined>>({});
  const [pickEntity, setPickEntity] = useState("partner");
  const [filter, setFilter] = useState("");
  const [historyKey, setHistoryKey] = useState(0);
  const editor = useMemo<EditorHandle>(() => ({ view: null }), []);

  useEffect(() => {
    if (loaded.data?.texts) setTexts(loaded.data.texts);
  }, [loaded.data]);

  const saved = loaded.data?.texts?.[crm] ?? "";
  const text = texts[crm] ?? saved;
  const doc = useMemo(() => parseDoc(text) ?? parseDoc(saved), [text, saved]);
  const savedDoc = useMemo(() => parseDoc(saved), [saved]);

  // Each mapped object's live fields, for the labels and the picker.
  useEffect(() => {
    for (const e of Object.values(savedDoc?.entities ?? {})) {
      const key = `${crm}:${e.object}`;
      if (fields[key] !== undefined) continue;
      setFields((f) => ({ ...f, [key]: [] }));
      api
        .get<{ fields: CrmField[] }>(`/crm/${crm}/objects/${encodeURIComponent(e.object)}/fields`)
        .then((r) => setFields((f) => ({ ...f, [key]: r.fields })))
        .catch(() => setFields((f) => ({ ...f, [key]: [] })));
    }
  }, [savedDoc, crm]);

  const objectOf = (entity: string | null) => (entity ? doc?.entities[entity]?.object : undefined);
  const fieldsOf = (entity: string | null) => fields[`${crm}:${objectOf(entity) ?? ""}`] ?? [];

  const completions = (ctx: CompletionContext) => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = line.text.slice(0, ctx.pos - line.from);
    const m = /crm_field:\s*([A-Za-z0-9_]*)$/.exec(before);
    if (!m) return null;
    const list = fieldsOf(entityAt(ctx.state.doc.toString(), line.number));
    return {
      from: ctx.pos - (m[1]?.length ?? 0),
      options: list.map((f) => ({ label: f.name, detail: `${f.label} (${f.type})` })),
    };
  };

  const lineProblems: LineProblem[] = useMemo(
    () =>
      (problems ?? []).map((p) => {
        const path = p.path.startsWith(`${crm}.`) ? p.path.slice(crm.length + 1) : "";
        return { line: path ? lineOf(text, path) : 1, message: p.message };
      }),
    [problems, text, crm],
  );

  const run = async (what: "validate" | "save") => {
    setBusy(what);
    setError(null);
    setMessage(null);
    try {
      if (what === "validate") {
        const r = await api.post<Validation>("/mappings/validate", { mapping: { [crm]: text }, live: true });
        setProblems(r.problems);
        setMessage(
          r.valid ? { kind: "success", text: `No problems: the ${crm} mapping fits the live CRM.` } : null,
        );
      } else {
        await api.put("/mappings", { mapping: { [crm]: text } });
        setProblems([]);
        setMessage({ kind: "success", text: "Saved. The next run uses this mapping." });
        loaded.reload();
        setHistoryKey((k) => k + 1);
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED" && err.problems.length) {
        setProblems(err.problems.map((p) => ({ ...p, path: p.path.replace(/^body\.mapping\./, "") })));
        setMessage({ kind: "info", text: "Not saved: fix the problems marked in the editor." });
      } else setError(err as Error);
    } finally {
      setBusy(null);
    }
  };

  const insertField = (name: string) => {
    const v = editor.view;
    if (!v) return;
    const { from, to } = v.state.selection.main;
    v.dispatch({ changes: { from, to, insert: name }, selection: { anchor: from + name.length } });
    v.focus();
  };

  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error && !loaded.data) return <ErrorBox error={loaded.error} />;
  const available = CRMS.filter((c) => loaded.data?.texts?.[c] !== undefined);
  const pickList = fieldsOf(pickEntity).filter(
    (f) => !filter || `${f.name} ${f.label}`.toLowerCase().includes(filter.toLowerCase()),
  );

  return (
    <div>
      <h1 class="slds-text-heading_large slds-m-bottom_medium">Mappings</h1>
      <div class="slds-tabs_default slds-m-bottom_medium">
        <ul class="slds-tabs_default__nav">
          {available.map((c) => (
            <li key={c} class={`slds-tabs_default__item${c === crm ? " slds-is-active" : ""}`}>
              <button
                type="button"
                class="slds-tabs_default__link slds-button"
                aria-pressed={c === crm}
                onClick={() => {
                  setCrm(c);
                  setProblems(null);
                  setMessage(null);
                }}
              >
                {c === "salesforce" ? "Salesforce" : "HubSpot"}
              </button>
            </li>
          ))}
        </ul>
      </div>

      <Card title="Field mapping" id="mapping-table">
        {savedDoc ? (
          <MappingTable
            mapping={savedDoc}
            fields={Object.fromEntries(
              Object.values(savedDoc.entities).map((e) => [e.object, fields[`${crm}:${e.object}`]]),
            )}
          />
        ) : (
          <Empty>The saved mapping cannot be read.</Empty>
        )}
      </Card>

      <Card
        title="Edit as YAML"
        id="mapping-editor"
        actions={
          <div class="slds-button-group">
            <button
              type="button"
              class="slds-button slds-button_neutral"
              disabled={busy !== null}
              onClick={() => run("validate")}
            >
              {busy === "validate" ? "Validating…" : "Validate"}
            </button>
            <button
              type="button"
              class="slds-button slds-button_brand"
              disabled={busy !== null || text === saved}
              onClick={() => run("save")}
            >
              {busy === "save" ? "Saving…" : "Save"}
            </button>
          </div>
        }
      >
        <div class="slds-grid slds-gutters">
          <div class="slds-col slds-size_3-of-4">
            <YamlEditor
              value={text}
              docKey={`${crm}:${saved.length}:${loaded.data ? "loaded" : ""}`}
              onChange={(t) => setTexts((all) => ({ ...all, [crm]: t }))}
              problems={lineProblems}
              label={`${crm} mapping YAML`}
              completions={completions}
              handle={editor}
            />
          </div>
          <aside class="slds-col slds-size_1-of-4" aria-label="CRM field picker">
            <h3 class="slds-text-heading_small">Field picker</h3>
            <p class="slds-text-body_small slds-text-color_weak">
              The object's fields as the CRM describes them now; click one to insert it at the cursor (or type
              after <code>crm_field:</code> for suggestions).
            </p>
            <div class="slds-form-element slds-m-vertical_x-small">
              <label class="slds-form-element__label" for="pick-entity">
                Entity
              </label>
              <select
                id="pick-entity"
                class="slds-select"
                value={pickEntity}
                onChange={(e) => setPickEntity((e.target as HTMLSelectElement).value)}
              >
                {Object.entries(doc?.entities ?? {}).map(([name, e]) => (
                  <option key={name} value={name}>
                    {name} ({e.object})
                  </option>
                ))}
              </select>
            </div>
            <input
              class="slds-input slds-m-bottom_x-small"
              placeholder="Filter fields"
              aria-label="Filter fields"
              value={filter}
              onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
            />
            <ul class="field-list slds-has-dividers_bottom-space" data-testid="field-picker">
              {pickList.map((f) => (
                <li key={f.name} class="slds-item">
                  <button
                    type="button"
                    class="slds-button"
                    title={`${f.label} (${f.type}${f.updateable ? "" : ", read-only"})`}
                    onClick={() => insertField(f.name)}
                  >
                    {f.name}
                  </button>
                  <div class="slds-text-body_small slds-text-color_weak">
                    {f.label} · {f.type}
                    {f.updateable ? "" : " · read-only"}
                  </div>
                </li>
              ))}
            </ul>
          </aside>
        </div>
        {error && <ErrorBox error={error} />}
        {message && <Notice kind={message.kind}>{message.text}</Notice>}
        {lineProblems.length > 0 && (
          <div role="alert" class="slds-m-top_small" data-testid="mapping-problems">
            <h3 class="slds-text-heading_small slds-text-color_error">
              {lineProblems.length} problem{lineProblems.length === 1 ? "" : "s"}
            </h3>
            <ul class="slds-list_dotted">
              {lineProblems.map((p, i) => (
                <li key={i}>
                  Line {p.line}: {p.message} <code class="slds-text-color_weak">{problems?.[i]?.path}</code>
                </li>
              ))}
            </ul>
          </div>
        )}
      </Card>

      <UnmappedValues
        crm={crm}
        onMapped={() => {
          loaded.reload();
          setHistoryKey((k) => k + 1);
        }}
      />
      <MappingHistory crm={crm} refresh={historyKey} />
    </div>
  );
}

export type { MappingChange, Page, UnmappedValue };
export { formatDateTime };
