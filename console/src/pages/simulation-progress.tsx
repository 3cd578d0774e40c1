// A simulation job while it runs: its phase and, while deals are read, how many of how many.
// The server computes in the background; the page polls the job (programs.tsx).
import type { SimulationJob } from "../api/types.ts";

const PHASES: Record<SimulationJob["progress"]["phase"], string> = {
  queued: "Waiting for the simulation before it",
  baseline: "Reading the statements the last run posted",
  reading: "Reading the stored deals",
  computing: "Computing the draft over the stored history",
  comparing: "Comparing before and after",
  done: "Done",
};

export function SimulationProgress({ job }: { job: SimulationJob }) {
  const { phase, done, total } = job.progress;
  const pct = total ? Math.min(100, Math.round(((done ?? 0) / total) * 100)) : null;
  return (
    <div data-testid="simulation-progress" class="slds-m-vertical_medium">
      <p>
        Simulating {job.period}: {PHASES[phase]}
        {total ? ` (${(done ?? 0).toLocaleString()} of ${total.toLocaleString()})` : ""}…
      </p>
      <div
        class="slds-progress-bar slds-m-vertical_x-small"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-label="Simulation progress"
      >
        <span class="slds-progress-bar__value" style={{ width: `${pct ?? 5}%` }} />
      </div>
    </div>
  );
}
