// Association labels (https://developers.hubspot.com/docs/api-reference/crm-associations-schema-v4/guide):
// list (200), create (200, both directions when `inverseLabel` is given), update (204),
// delete (204). HUBSPOT_DEFINED types cannot be changed.
import type { Express } from "express";
import { z } from "zod";
import { apiError, sendJson, sendNoContent } from "../errors.ts";
import { type EmulatorContext, objectTypeOf, parseBody } from "./context.ts";
import { apiRoute } from "./pipeline.ts";

const labelCreateSchema = z.object({
  label: z.string().min(1),
  name: z.string().min(1),
  inverseLabel: z.string().optional(),
});
const labelUpdateSchema = z.object({
  label: z.string().min(1),
  associationTypeId: z.number().int(),
  inverseLabel: z.string().optional(),
});

export function registerAssociationLabelRoutes(app: Express, ctx: EmulatorContext): void {
  const { state } = ctx;
  // https://developers.hubspot.com/docs/api-reference/crm-associations-schema-v4/guide
  apiRoute(app, ctx, "get", "/crm/v4/associations/:fromObjectType/:toObjectType/labels", (req, res) => {
    const from = objectTypeOf(req, "fromObjectType");
    const to = objectTypeOf(req, "toObjectType");
    sendJson(res, 200, {
      results: state.associationTypes
        .list(from, to)
        .map((d) => ({ category: d.category, typeId: d.typeId, label: d.label })),
    });
  });
  apiRoute(app, ctx, "post", "/crm/v4/associations/:fromObjectType/:toObjectType/labels", (req, res) => {
    const from = objectTypeOf(req, "fromObjectType");
    const to = objectTypeOf(req, "toObjectType");
    const input = parseBody(labelCreateSchema, req.body);
    if (
      state.associationTypes.findLabel(from, to, input.name) ||
      state.associationTypes.findLabel(from, to, input.label)
    ) {
      throw apiError(
        409,
        "OBJECT_ALREADY_EXISTS",
        `An association label named '${input.name}' already exists between ${from} and ${to}`,
      );
    }
    const def = state.associationTypes.createLabel(from, to, input.name, input.label, input.inverseLabel);
    const results = [{ category: def.category, typeId: def.typeId, label: def.label }];
    if (input.inverseLabel !== undefined)
      results.push({ category: def.category, typeId: def.inverseTypeId, label: input.inverseLabel });
    sendJson(res, 200, { results });
  });
  apiRoute(app, ctx, "put", "/crm/v4/associations/:fromObjectType/:toObjectType/labels", (req, res) => {
    const from = objectTypeOf(req, "fromObjectType");
    const to = objectTypeOf(req, "toObjectType");
    const input = parseBody(labelUpdateSchema, req.body);
    const def = state.associationTypes.find(from, to, input.associationTypeId);
    if (!def || def.category === "HUBSPOT_DEFINED")
      throw apiError(404, "OBJECT_NOT_FOUND", `Association type ${input.associationTypeId} not found`);
    def.label = input.label;
    if (input.inverseLabel !== undefined) {
      const inverse = state.associationTypes.find(to, from, def.inverseTypeId);
      if (inverse) inverse.label = input.inverseLabel;
    }
    sendNoContent(res);
  });
  apiRoute(
    app,
    ctx,
    "delete",
    "/crm/v4/associations/:fromObjectType/:toObjectType/labels/:associationTypeId",
    (req, res) => {
      const from = objectTypeOf(req, "fromObjectType");
      const to = objectTypeOf(req, "toObjectType");
      state.associationTypes.removeLabel(from, to, Number(req.params.associationTypeId));
      sendNoContent(res);
    },
  );
}
