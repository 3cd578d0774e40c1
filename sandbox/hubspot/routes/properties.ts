// Properties API (https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide):
// list/create (201)/get/update/archive (204) properties, groups (create 201), batch read/create/
// archive. type/fieldType pairs are checked, a duplicate name answers 409 OBJECT_ALREADY_EXISTS,
// HubSpot-defined properties cannot be archived or redefined.
import type { Express } from "express";
import { z } from "zod";
import { apiError, sendJson, sendNoContent, validationError } from "../errors.ts";
import type { ObjectTypeName } from "../object-types.ts";
import {
  fieldTypeProblem,
  type PropertyDef,
  propertyCreateSchema,
  propertyUpdateSchema,
  toOptions,
} from "../properties/registry.ts";
import { sendBatch } from "./batch-response.ts";
import { boolParam, type EmulatorContext, objectTypeOf, parseBody } from "./context.ts";
import { apiRoute } from "./pipeline.ts";

const groupCreateSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  displayOrder: z.number().int().default(-1),
});
const groupUpdateSchema = z.object({
  label: z.string().min(1).optional(),
  displayOrder: z.number().int().optional(),
});

/** Creates a property definition from a create input, applying HubSpot's checks. */
export function defineProperty(
  ctx: EmulatorContext,
  objectType: ObjectTypeName,
  input: z.output<typeof propertyCreateSchema>,
): PropertyDef {
  const registry = ctx.state.properties[objectType];
  const existing = registry.defs.get(input.name);
  if (existing && !existing.archived) {
    throw apiError(409, "OBJECT_ALREADY_EXISTS", `Property named '${input.name}' already exists.`, {
      context: { name: [input.name] },
    });
  }
  const problem = fieldTypeProblem(input.type, input.fieldType);
  if (problem) throw validationError(problem);
  if (!registry.groups.has(input.groupName)) {
    throw validationError(`Property group '${input.groupName}' does not exist for ${objectType}`);
  }
  if (
    (input.type === "enumeration" || input.type === "bool") &&
    !input.externalOptions &&
    !input.options?.length
  ) {
    throw validationError(`Property ${input.name} of type ${input.type} needs options`);
  }
  if (input.hasUniqueValue && input.type !== "string" && input.type !== "number") {
    throw validationError("Only string and number properties can require unique values");
  }
  const at = new Date(ctx.state.now()).toISOString();
  const def: PropertyDef = {
    name: input.name,
    label: input.label,
    type: input.type,
    fieldType: input.fieldType,
    groupName: input.groupName,
    description: input.description ?? "",
    options: toOptions(input.options),
    displayOrder: input.displayOrder ?? -1,
    hasUniqueValue: input.hasUniqueValue ?? false,
    hidden: input.hidden ?? false,
    formField: input.formField ?? false,
    calculated: input.fieldType === "calculation_equation",
    externalOptions: input.externalOptions ?? false,
    hubspotDefined: false,
    createdAt: at,
    updatedAt: at,
    archived: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
  };
  if (input.type === "number") def.showCurrencySymbol = input.showCurrencySymbol ?? false;
  if (input.referencedObjectType) def.referencedObjectType = input.referencedObjectType;
  if (input.calculationFormula) def.calculationFormula = input.calculationFormula;
  registry.defs.set(def.name, def);
  if (def.hasUniqueValue) ctx.state.stores[objectType].declareUnique(def.name);
  return def;
}

export function registerPropertyRoutes(app: Express, ctx: EmulatorContext): void {
  const props = (objectType: ObjectTypeName) => ctx.state.properties[objectType];

  // Groups first: "/groups" would otherwise match "/:propertyName".
  // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/groups/get-crm-v3-properties-objectType-groups
  apiRoute(app, ctx, "get", "/crm/v3/properties/:objectType/groups", (req, res) => {
    sendJson(res, 200, { results: [...props(objectTypeOf(req)).groups.values()].filter((g) => !g.archived) });
  });
  apiRoute(app, ctx, "post", "/crm/v3/properties/:objectType/groups", (req, res) => {
    const registry = props(objectTypeOf(req));
    const input = parseBody(groupCreateSchema, req.body);
    if (registry.groups.get(input.name)?.archived === false) {
      throw apiError(409, "OBJECT_ALREADY_EXISTS", `Property group named '${input.name}' already exists.`);
    }
    const group = { ...input, archived: false };
    registry.groups.set(group.name, group);
    sendJson(res, 201, group);
  });
  apiRoute(app, ctx, "get", "/crm/v3/properties/:objectType/groups/:groupName", (req, res) => {
    const group = props(objectTypeOf(req)).groups.get(String(req.params.groupName));
    if (!group || group.archived)
      throw apiError(404, "OBJECT_NOT_FOUND", `Property group ${req.params.groupName} does not exist`);
    sendJson(res, 200, group);
  });
  apiRoute(app, ctx, "patch", "/crm/v3/properties/:objectType/groups/:groupName", (req, res) => {
    const group = props(objectTypeOf(req)).groups.get(String(req.params.groupName));
    if (!group || group.archived)
      throw apiError(404, "OBJECT_NOT_FOUND", `Property group ${req.params.groupName} does not exist`);
    Object.assign(
      group,
      Object.fromEntries(
        Object.entries(parseBody(groupUpdateSchema, req.body)).filter(([, v]) => v !== undefined),
      ),
    );
    sendJson(res, 200, group);
  });
  apiRoute(app, ctx, "delete", "/crm/v3/properties/:objectType/groups/:groupName", (req, res) => {
    const group = props(objectTypeOf(req)).groups.get(String(req.params.groupName));
    if (group) group.archived = true;
    sendNoContent(res);
  });

  // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/batch/post-crm-v3-properties-objectType-batch-read
  apiRoute(app, ctx, "post", "/crm/v3/properties/:objectType/batch/read", (req, res) => {
    const registry = props(objectTypeOf(req));
    const body = parseBody(
      z.object({ inputs: z.array(z.object({ name: z.string() })), archived: z.boolean().default(false) }),
      req.body,
    );
    const results = body.inputs
      .map((i) => registry.defs.get(i.name))
      .filter((d) => d && d.archived === body.archived);
    sendBatch(res, 200, results);
  });
  apiRoute(app, ctx, "post", "/crm/v3/properties/:objectType/batch/create", (req, res) => {
    const objectType = objectTypeOf(req);
    const body = parseBody(z.object({ inputs: z.array(propertyCreateSchema) }), req.body);
    const results = body.inputs.map((i) => defineProperty(ctx, objectType, i));
    sendBatch(res, 201, results);
  });
  apiRoute(app, ctx, "post", "/crm/v3/properties/:objectType/batch/archive", (req, res) => {
    const registry = props(objectTypeOf(req));
    const body = parseBody(z.object({ inputs: z.array(z.object({ name: z.string() })) }), req.body);
    for (const i of body.inputs) {
      const def = registry.defs.get(i.name);
      if (def?.modificationMetadata.archivable) def.archived = true;
    }
    sendNoContent(res);
  });

  // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/core/get-crm-v3-properties-objectType
  apiRoute(app, ctx, "get", "/crm/v3/properties/:objectType", (req, res) => {
    const archived = boolParam(req.query.archived);
    sendJson(res, 200, {
      results: [...props(objectTypeOf(req)).defs.values()].filter((d) => d.archived === archived),
    });
  });
  // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/core/post-crm-v3-properties-objectType
  apiRoute(app, ctx, "post", "/crm/v3/properties/:objectType", (req, res) => {
    const objectType = objectTypeOf(req);
    sendJson(res, 201, defineProperty(ctx, objectType, parseBody(propertyCreateSchema, req.body)));
  });
  apiRoute(app, ctx, "get", "/crm/v3/properties/:objectType/:propertyName", (req, res) => {
    const def = props(objectTypeOf(req)).defs.get(String(req.params.propertyName));
    if (!def || def.archived !== boolParam(req.query.archived)) {
      throw apiError(404, "OBJECT_NOT_FOUND", `Unable to find property ${req.params.propertyName}`);
    }
    sendJson(res, 200, def);
  });
  apiRoute(app, ctx, "patch", "/crm/v3/properties/:objectType/:propertyName", (req, res) => {
    const objectType = objectTypeOf(req);
    const registry = props(objectType);
    const def = registry.get(String(req.params.propertyName));
    if (!def) throw apiError(404, "OBJECT_NOT_FOUND", `Unable to find property ${req.params.propertyName}`);
    if (def.modificationMetadata.readOnlyDefinition) {
      throw validationError(`Property ${def.name} is HubSpot-defined and its definition is read-only`);
    }
    const input = parseBody(propertyUpdateSchema, req.body);
    const type = input.type ?? def.type;
    const fieldType = input.fieldType ?? def.fieldType;
    const problem = fieldTypeProblem(type, fieldType);
    if (problem) throw validationError(problem);
    if (input.groupName && !registry.groups.has(input.groupName))
      throw validationError(`Property group '${input.groupName}' does not exist`);
    const { options, ...rest } = input;
    Object.assign(def, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
    if (options) def.options = toOptions(options);
    def.updatedAt = new Date(ctx.state.now()).toISOString();
    ctx.state.stores[objectType].dropColumn(def.name);
    sendJson(res, 200, def);
  });
  apiRoute(app, ctx, "delete", "/crm/v3/properties/:objectType/:propertyName", (req, res) => {
    const def = props(objectTypeOf(req)).get(String(req.params.propertyName));
    if (def && !def.modificationMetadata.archivable) {
      throw validationError(`Property ${def.name} is HubSpot-defined and cannot be archived`);
    }
    if (def) {
      def.archived = true;
      def.archivedAt = new Date(ctx.state.now()).toISOString();
    }
    sendNoContent(res);
  });
}
