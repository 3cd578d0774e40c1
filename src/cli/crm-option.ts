// The `--crm salesforce|hubspot` option shared by sync, mappings and provision: one place
// says which names are valid and how a wrong one is reported.
import type { CrmName } from "../../connectors/types.ts";

export const CRM_OPTION = { crm: { type: "string" } } as const;

export type CrmOption = { ok: true; crm: CrmName | undefined } | { ok: false; message: string };

/** Checks an optional --crm value; `command` names the command in the error message. */
export function readCrmOption(value: string | undefined, command: string): CrmOption {
  if (value === undefined) return { ok: true, crm: undefined };
  if (value === "salesforce" || value === "hubspot") return { ok: true, crm: value };
  return { ok: false, message: `incentives ${command}: --crm must be salesforce or hubspot\n` };
}
