// Creates (idempotently) the `partner_incentives` property group and the product's properties
// on deals and companies; with `check` only compares. Existing properties of the wrong type are
// reported, never changed (a type change can lose data); missing enumeration options are added.
import type { ProvisionProblem, ProvisionReport } from "../types.ts";
import type { HubSpotContext } from "./context.ts";
import { HubSpotError } from "./errors.ts";
import { PROPERTY_DEFINITIONS, PROPERTY_GROUP, type PropertyDefinition } from "./metadata/properties.ts";
import { groupListSchema, propertyListSchema, type WireProperty } from "./wire.ts";

const OBJECTS = ["deals", "companies"] as const;

function optionsOf(def: PropertyDefinition, tiers: string[]): string[] {
  if (def.options === "tiers") return tiers;
  return def.options ?? [];
}

const optionList = (values: string[]) =>
  values.map((v, i) => ({
    label: v === "true" ? "Yes" : v === "false" ? "No" : v.replace(/_/g, " "),
    value: v,
    displayOrder: i,
    hidden: false,
  }));

function typeProblem(def: PropertyDefinition, p: WireProperty): string | undefined {
  if (p.type !== def.type) return `type is ${p.type}, expected ${def.type}`;
  if (def.fieldType === "booleancheckbox" && p.fieldType !== "booleancheckbox")
    return `fieldType is ${p.fieldType}, expected booleancheckbox`;
  if (def.showCurrencySymbol && p.showCurrencySymbol !== true)
    return "not shown as currency (showCurrencySymbol is off)";
  if (def.hasUniqueValue && p.hasUniqueValue !== true) return "must hold unique values (hasUniqueValue)";
  return undefined;
}

export async function provision(ctx: HubSpotContext, options: { check: boolean }): Promise<ProvisionReport> {
  const changes: string[] = [];
  const problems: ProvisionProblem[] = [];
  const api = ctx.apis.properties;
  for (const objectType of OBJECTS) {
    // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/groups/get-crm-v3-properties-objectType-groups
    const groups = groupListSchema.parse(
      await ctx.policy.run("read", `property groups ${objectType}`, () => api.groupsApi.getAll(objectType)),
    );
    if (!groups.results.some((g) => g.name === PROPERTY_GROUP.name)) {
      changes.push(`${objectType}: create property group ${PROPERTY_GROUP.name}`);
      if (!options.check) {
        // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/groups/post-crm-v3-properties-objectType-groups
        await ctx.policy.run("write", `create group ${objectType}`, () =>
          api.groupsApi.create(objectType, PROPERTY_GROUP),
        );
      }
    }
    // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/core/get-crm-v3-properties-objectType
    const listed = propertyListSchema.safeParse(
      await ctx.policy.run("read", `properties ${objectType}`, () => api.coreApi.getAll(objectType)),
    );
    if (!listed.success)
      throw new HubSpotError("HUBSPOT_BAD_RESPONSE", `unexpected properties response for ${objectType}`);
    const existing = new Map(listed.data.results.map((p) => [p.name, p]));
    for (const def of PROPERTY_DEFINITIONS[objectType]) {
      const p = existing.get(def.name);
      const wantedOptions = optionsOf(def, ctx.config.tierOptions);
      if (!p) {
        changes.push(`${objectType}: create property ${def.name} (${def.type}/${def.fieldType})`);
        if (options.check) {
          problems.push({
            object: objectType,
            field: def.name,
            problem: "missing",
            detail: "property does not exist",
          });
          continue;
        }
        // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/core/post-crm-v3-properties-objectType
        // The client's PropertyCreate model has no showCurrencySymbol, so this goes as raw JSON.
        await ctx.policy.run("write", `create property ${objectType}.${def.name}`, () =>
          ctx.apis.raw("POST", `/crm/v3/properties/${objectType}`, {
            name: def.name,
            label: def.label,
            type: def.type,
            fieldType: def.fieldType,
            groupName: PROPERTY_GROUP.name,
            description: def.description,
            ...(def.hasUniqueValue ? { hasUniqueValue: true } : {}),
            ...(wantedOptions.length ? { options: optionList(wantedOptions) } : {}),
            ...(def.showCurrencySymbol ? { showCurrencySymbol: true } : {}),
          }),
        );
        continue;
      }
      const wrong = typeProblem(def, p);
      if (wrong) {
        problems.push({ object: objectType, field: def.name, problem: "wrong_type", detail: wrong });
        continue;
      }
      if (p.modificationMetadata?.readOnlyValue === true || p.calculated === true) {
        problems.push({
          object: objectType,
          field: def.name,
          problem: "not_updateable",
          detail: "property is read-only",
        });
        continue;
      }
      if (def.type === "enumeration" && def.fieldType !== "booleancheckbox") {
        const have = new Set((p.options ?? []).map((o) => o.value));
        const missing = wantedOptions.filter((o) => !have.has(o));
        if (missing.length === 0) continue;
        changes.push(`${objectType}: add options ${missing.join(", ")} to ${def.name}`);
        if (options.check) {
          problems.push({
            object: objectType,
            field: def.name,
            problem: "missing_picklist_value",
            detail: `missing options: ${missing.join(", ")}`,
          });
          continue;
        }
        const merged = [...(p.options ?? []).map((o) => o.value), ...missing];
        // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/core/patch-crm-v3-properties-objectType-propertyName
        await ctx.policy.run("write", `update options ${objectType}.${def.name}`, () =>
          api.coreApi.update(objectType, def.name, { options: optionList(merged) } as never),
        );
      }
    }
  }
  if (!options.check && changes.length > 0) {
    for (const o of OBJECTS) await ctx.properties(o, true);
  }
  return { changes, problems };
}
