// `incentives validate`: checks a program file against the program format (spec §2).
import { parseArgs } from "node:util";
import { parseProgram } from "../../engine/index.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";
import { formatProblems, readText } from "./engine-input.ts";

const HELP = `usage: incentives validate <program.yaml>

Checks a program: exit 0 and one OK line, or exit 2 with every problem on stderr, each naming
its YAML path (components[2].bands[1].from) and the rule broken.
`;

async function run(args: string[]): Promise<number> {
  let parsed: { values: { help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { help: { type: "boolean", short: "h" } } });
  } catch (error) {
    process.stderr.write(`incentives validate: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    process.stderr.write(`incentives validate: expected exactly one program file\n\n${HELP}`);
    return EXIT.usage;
  }
  const text = await readText(file, "program");
  const program = text.ok ? parseProgram(text.value) : text;
  if (!program.ok) {
    process.stderr.write(formatProblems(file, program.problems));
    return EXIT.usage;
  }
  const p = program.value;
  process.stdout.write(
    `OK ${file}: '${p.program}', ${p.components.length} component${p.components.length === 1 ? "" : "s"}, ${p.period}ly from ${p.starts}, ${p.currency}\n`,
  );
  return EXIT.ok;
}

export const command: CliCommand = { summary: "Check a program file and list every problem", run };
