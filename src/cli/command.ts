// The contract every CLI command module exports as `command`.

/** Process exit codes shared by all commands. */
export const EXIT = {
  ok: 0,
  /** Something went wrong while running (I/O, CRM, store). */
  failure: 1,
  /** The input was invalid (bad arguments, an invalid program, mapping or data file). */
  usage: 2,
} as const;

export interface CliCommand {
  /** One-line summary shown in `incentives --help`. */
  readonly summary: string;
  /** Runs with the arguments after the command name; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}
