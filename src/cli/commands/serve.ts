// `incentives serve`: runs the long-lived service (HTTP, webhooks, admin API, schedule).
// Configuration comes from environment variables and CONFIG_FILE; see docs/service.md.
import { serve } from "../../service/serve.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";

export const command: CliCommand = {
  summary: "Run the service: webhooks, admin API, nightly reconcile and incremental sync",
  async run(args) {
    if (args.includes("--help") || args.includes("-h")) {
      process.stdout.write(
        "usage: incentives serve\n\nConfigured by environment variables (and CONFIG_FILE); see docs/service.md.\n" +
          "No CRM credentials: sandbox mode (both CRM emulators in the process, seeded with demo data,\n" +
          "PGlite in DATA_DIR). SALESFORCE_* and HUBSPOT_* credentials: connected to the real CRMs.\n",
      );
      return EXIT.ok;
    }
    if (args.length > 0) {
      process.stderr.write(`incentives serve: unexpected arguments: ${args.join(" ")}\n`);
      return EXIT.usage;
    }
    const code = await serve(process.env);
    // Safety net: exit even if a library left a handle open after a clean shutdown.
    setTimeout(() => process.exit(code), 2_000).unref();
    return code;
  },
};
