// A one-line progress bar on stderr for terminals; the sync layer reports through `Progress`.
import type { Progress } from "../sync/progress.ts";
import { silentProgress } from "../sync/progress.ts";

export function progressFor(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return silentProgress;
  let label = "";
  let total: number | null = null;
  let done = 0;
  let last = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const width = 30;
    const bar =
      total && total > 0
        ? `[${"#".repeat(Math.min(width, Math.round((done / total) * width))).padEnd(width, ".")}] ${done}/${total}`
        : `${done} records`;
    stream.write(`\r\x1b[2K${label.padEnd(32)} ${bar}`);
  };
  return {
    start(l, t) {
      label = l;
      total = t;
      done = 0;
      draw(true);
    },
    tick(n = 1) {
      done += n;
      draw();
    },
    done() {
      draw(true);
      stream.write("\n");
    },
  };
}
