// Programs: published versions with their effective dates; a YAML editor whose validation names
// each problem's path (and marks its line); simulate the draft against stored history — per
// partner before/after payable and tier, total and per-component deltas, a sortable table and a
// chart — then publish it with an effective date. A simulation runs on the server in the
// background: the page starts it, polls its progress and shows the result when it is ready.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, api } from "../api/client.ts";
import type { Problem, ProgramVersion, SimulationJob, SimulationResult, Validation } from "../api/types.ts";
import { Card, Empty, ErrorBox, Loading, Notice } from "../components/states.tsx";
import { type LineProblem, YamlEditor } from "../components/yaml-editor.tsx";
import { formatDateTime } from "../lib/money.ts";
import { useApi } from "../lib/use-api.ts";
import { lineOf } from "../lib/yaml-lines.ts";
import { SimulationView } from "./simulation.tsx";
import { SimulationProgress } from "./simulation-progress.tsx";

const POLL_MS = 500;

function currentQuarter(): string {
  const d = new Date();
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/** Where the figures came from, in a line under the simulation's title. */
function noteOf(job: SimulationJob): string {
  const before =
    job.baseline === "posted"
      ? "Before: the statements the last run posted."
      : job.baseline === "computed"
        ? "Before: the published versions, computed on the stored data."
        : "Before: nothing (no published version).";
  const when = job.cached
    ? "Same draft and data as an earlier simulation: its answer."
    : `Computed in ${((job.durationMs ?? 0) / 1000).toFixed(1)} s.`;
  return `${before} ${when}`;
}

export function ProgramsPage() {
  const versions = useApi(() => api.get<{ versions: ProgramVersion[] }>("/programs"), []);
  const [draft, setDraft] = useState<string | null>(null);
  // Bumped when a version is loaded into the editor (replaces what is typed there).
  const [loadedKey, setLoadedKey] = useState(0);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [period, setPeriod] = useState(currentQuarter());
  const [effective, setEffective] = useState("");
  const [sim, setSim] = useState<{ result: SimulationResult; note: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [job, setJob] = useState<SimulationJob | null>(null);
  // The job being polled; a new simulation (or leaving the page) stops polling the old one.
  const polling = useRef<string | null>(null);
  useEffect(
    () => () => {
      polling.current = null;
    },
    [],
  );
  const latest = versions.data?.versions.at(-1);

  useEffect(() => {
    if (draft === null && latest) {
      setDraft(latest.text ?? "");
      setLoadedKey((k) => k + 1);
    }
  }, [latest]);

  const text = draft ?? "";
  const lineProblems: LineProblem[] = useMemo(
    () =>
      problems.map((p) => ({
        line: p.path ? lineOf(text, p.path) : 1,
        message: `${p.path || "(program)"}: ${p.message}`,
      })),
    [problems, text],
  );

  const act = async (what: "validate" | "simulate" | "publish") => {
    setBusy(what);
    setError(null);
    setMessage(null);
    try {
      if (what === "validate") {
        const r = await api.post<Validation>("/programs/validate", { program: text });
        setProblems(r.problems);
        if (r.valid) setMessage("The draft is valid.");
      } else if (what === "simulate") {
        setSim(null);
        setProblems([]);
        let { job: current } = await api.post<{ job: SimulationJob }>("/simulations", {
          program: text,
          period,
        });
        polling.current = current.id;
        setJob(current);
        while (current.status === "queued" || current.status === "running") {
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          if (polling.current !== current.id) return;
          ({ job: current } = await api.get<{ job: SimulationJob }>(`/simulations/${current.id}`));
          setJob(current);
        }
        polling.current = null;
        setJob(null);
        if (current.status === "done" && current.result)
          setSim({ result: current.result, note: noteOf(current) });
        else if (current.problems?.length) setProblems(current.problems);
        else setError(new Error("The simulation failed."));
      } else {
        const r = await api.post<{ version: ProgramVersion }>("/programs", {
          program: text,
          effectiveFrom: effective,
        });
        setMessage(`Published version ${r.version.version}, effective from ${r.version.effectiveFrom}.`);
        setProblems([]);
        versions.reload();
      }
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) {
        const inProgram = err.problems.filter((p) => p.path.startsWith("body.program"));
        setProblems(inProgram.map((p) => ({ ...p, path: p.path.replace(/^body\.program\.?/, "") })));
        if (inProgram.length < err.problems.length) setError(err);
      } else setError(err as Error);
    } finally {
      setBusy(null);
    }
  };

  if (versions.loading && !versions.data) return <Loading />;
  if (versions.error && !versions.data) return <ErrorBox error={versions.error} />;
  return (
    <div>
      <h1 class="slds-text-heading_large slds-m-bottom_medium">Programs</h1>
      <Card title="Published versions" id="program-versions">
        {versions.data?.versions.length === 0 ? (
          <Empty>No version published yet; the first run registers the default program.</Empty>
        ) : (
          <table class="slds-table slds-table_cell-buffer slds-table_bordered" aria-label="Program versions">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Program</th>
                <th scope="col">Effective from</th>
                <th scope="col">Published</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {versions.data?.versions.map((v) => (
                <tr key={v.version}>
                  <td>{v.version}</td>
                  <td>{(v.program as { program?: string })?.program ?? "—"}</td>
                  <td>{v.effectiveFrom}</td>
                  <td>{formatDateTime(v.publishedAt)}</td>
                  <td>
                    <button
                      type="button"
                      class="slds-button"
                      onClick={() => {
                        setDraft(v.text ?? "");
                        setLoadedKey((k) => k + 1);
                      }}
                    >
                      Edit a copy
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card
        title="Draft"
        id="program-draft"
        actions={
          <button
            type="button"
            class="slds-button slds-button_neutral"
            disabled={busy !== null}
            onClick={() => act("validate")}
          >
            {busy === "validate" ? "Validating…" : "Validate"}
          </button>
        }
      >
        <YamlEditor
          value={text}
          docKey={String(loadedKey)}
          onChange={setDraft}
          problems={lineProblems}
          label="Program YAML"
        />
        {lineProblems.length > 0 && (
          <div role="alert" class="slds-m-top_small" data-testid="program-problems">
            <ul class="slds-list_dotted">
              {lineProblems.map((p, i) => (
                <li key={i}>
                  Line {p.line}: {p.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {message && <Notice kind="success">{message}</Notice>}
        {error && <ErrorBox error={error} />}
        <div class="slds-grid slds-gutters slds-m-top_medium slds-grid_vertical-align-end">
          <div class="slds-col slds-form-element">
            <label class="slds-form-element__label" for="sim-period">
              Simulate for period
            </label>
            <input
              id="sim-period"
              class="slds-input"
              value={period}
              onInput={(e) => setPeriod((e.target as HTMLInputElement).value)}
            />
          </div>
          <div class="slds-col">
            <button
              type="button"
              class="slds-button slds-button_brand"
              disabled={busy !== null}
              onClick={() => act("simulate")}
            >
              {busy === "simulate" ? "Simulating…" : "Simulate against stored history"}
            </button>
          </div>
          <div class="slds-col slds-form-element">
            <label class="slds-form-element__label" for="effective-from">
              Effective from
            </label>
            <input
              id="effective-from"
              type="date"
              class="slds-input"
              value={effective}
              onInput={(e) => setEffective((e.target as HTMLInputElement).value)}
            />
          </div>
          <div class="slds-col">
            <button
              type="button"
              class="slds-button slds-button_success"
              disabled={busy !== null || !effective}
              onClick={() => act("publish")}
            >
              {busy === "publish" ? "Publishing…" : "Publish"}
            </button>
          </div>
        </div>
      </Card>
      {busy === "simulate" && (job ? <SimulationProgress job={job} /> : <Loading label="Simulating" />)}
      {sim && <SimulationView result={sim.result} note={sim.note} />}
    </div>
  );
}
