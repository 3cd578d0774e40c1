// Progress reporting: a bar on a terminal (stderr), nothing otherwise (pino lines carry the story).
export interface Progress {
  start(label: string, total: number | null): void;
  tick(n?: number): void;
  done(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, done() {} };
