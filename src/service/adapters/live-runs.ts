// The run going on in this process, for the console's live progress: fed by the runtime's
// progress events (the same ones that drive the CLI's bars) and by the jobs adapter's
// begin/end around each run (through the compute timer it already calls).
import type { Progress } from "../../sync/progress.ts";
import type { LiveRun, RunKind, RunTrigger } from "../ports.ts";

export interface LiveRuns {
  /** Forwards every event to `inner` as well. */
  progress(inner: Progress): Progress;
  begin(kind: RunKind, trigger: RunTrigger): void;
  end(): void;
  current(): LiveRun | null;
}

export function createLiveRuns(clock: () => Date = () => new Date()): LiveRuns {
  let run: LiveRun | null = null;
  return {
    progress(inner) {
      return {
        start(label, total) {
          inner.start(label, total);
          if (run) Object.assign(run, { phase: label, done: 0, total });
        },
        tick(n = 1) {
          inner.tick(n);
          if (run) run.done += n;
        },
        done() {
          inner.done();
          if (run?.phase) {
            run.phasesDone.push(run.phase);
            run.phase = null;
          }
        },
      };
    },
    begin(kind, trigger) {
      run = {
        kind,
        trigger,
        startedAt: clock().toISOString(),
        phase: null,
        done: 0,
        total: null,
        phasesDone: [],
      };
    },
    end() {
      run = null;
    },
    current: () => (run ? { ...run, phasesDone: [...run.phasesDone] } : null),
  };
}
