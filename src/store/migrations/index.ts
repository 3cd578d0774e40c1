// Ordered list of migrations. Append only: never edit or renumber one that has shipped.
import { sql as initial } from "./001-initial.ts";
import { sql as statementsAndQuarantine } from "./002-statements-and-quarantine.ts";
import { sql as runLiveness } from "./003-run-liveness.ts";
import { sql as runTrigger } from "./004-run-trigger.ts";
import { sql as adminConsole } from "./005-admin-console.ts";
import { sql as partnerHistory } from "./006-partner-history.ts";
import { sql as payouts } from "./007-payouts.ts";
import { sql as webhookInbox } from "./008-webhook-inbox.ts";
import { sql as nudgeTasks } from "./009-nudge-tasks.ts";
import { sql as simulationInputs } from "./012-simulation-inputs.ts";
import { sql as analyticsSnapshots } from "./014-analytics-snapshots.ts";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: "initial", sql: initial },
  { version: 2, name: "statements-and-quarantine", sql: statementsAndQuarantine },
  { version: 3, name: "run-liveness", sql: runLiveness },
  { version: 4, name: "run-trigger", sql: runTrigger },
  { version: 5, name: "admin-console", sql: adminConsole },
  { version: 6, name: "partner-history", sql: partnerHistory },
  { version: 7, name: "payouts", sql: payouts },
  { version: 8, name: "webhook-inbox", sql: webhookInbox },
  { version: 9, name: "nudge-tasks", sql: nudgeTasks },
  { version: 12, name: "simulation-inputs", sql: simulationInputs },
  { version: 14, name: "analytics-snapshots", sql: analyticsSnapshots },
];
