// Basic object endpoints: list, get, create, update, archive, merge.
import type { Express } from "express";
import { z } from "zod";
import { objectNotFound, sendJson, sendNoContent, validationError } from "../errors.ts";
import { mergeRecords } from "../merge.ts";
import type { HsRecord } from "../object-store.ts";
import { OBJECT_TYPES, type ObjectTypeName } from "../object-types.ts";
import type { PortalState } from "../portal-state.ts";
import { checkRequired } from "../properties/required.ts";
import { toWire } from "../wire.ts";
import {
  apiWrite,
  associationTypesParam,
  boolParam,
  type EmulatorContext,
  listParam,
  objectTypeOf,
  parseBody,
  stringParam,
} from "./context.ts";
import { pageInlineAssociations } from "./inline-associations.ts";
import { apiRoute } from "./pipeline.ts";

export const associationInputSchema = z.object({
  to: z.object({ id: z.coerce.string() }),
  types: z
    .array(
      z.object({
        associationCategory: z.enum(["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED"]),
        associationTypeId: z.number().int(),
      }),
    )
    .min(1),
});

const createSchema = z.object({
  properties: z.record(z.string(), z.unknown()).default({}),
  associations: z.array(associationInputSchema).optional(),
  objectWriteTraceId: z.string().optional(),
});
const updateSchema = z.object({
  properties: z.record(z.string(), z.unknown()),
  objectWriteTraceId: z.string().optional(),
});
const mergeSchema = z.object({
  primaryObjectId: z.coerce.string().min(1),
  objectIdToMerge: z.coerce.string().min(1),
});

/** Applies create-time associations; the target type is the one the type id belongs to. */
export function applyCreateAssociations(
  state: PortalState,
  objectType: ObjectTypeName,
  record: HsRecord,
  associations: z.output<typeof associationInputSchema>[],
): void {
  for (const a of associations) {
    for (const t of a.types) {
      const toType = OBJECT_TYPES.find(
        (to) =>
          state.associationTypes.find(objectType, to, t.associationTypeId)?.category ===
            t.associationCategory && state.stores[to].records.get(a.to.id) !== undefined,
      );
      if (!toType) {
        throw validationError(
          `${t.associationCategory} ${t.associationTypeId} is not a valid association type from ${objectType} to object ${a.to.id}`,
        );
      }
      state.link(objectType, record, toType, a.to.id, [t.associationTypeId], { source: "api" });
    }
  }
}

/** Validates create-time associations before anything is written. */
export function checkCreateAssociations(
  state: PortalState,
  objectType: ObjectTypeName,
  associations: z.output<typeof associationInputSchema>[],
): void {
  for (const a of associations) {
    for (const t of a.types) {
      const ok = OBJECT_TYPES.some((to) => {
        const target = state.stores[to].records.get(a.to.id);
        return (
          state.associationTypes.find(objectType, to, t.associationTypeId) !== undefined &&
          target &&
          !target.archived
        );
      });
      if (!ok) {
        throw validationError(
          `${t.associationCategory} ${t.associationTypeId} is not a valid association type from ${objectType} to object ${a.to.id}`,
        );
      }
    }
  }
}

export function registerObjectRoutes(app: Express, ctx: EmulatorContext): void {
  const { state } = ctx;

  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/basic/get-crm-v3-objects-deals
  // `associations=companies` adds each record's links inline (inline-associations.ts); the page
  // is still one call.
  apiRoute(app, ctx, "get", "/crm/v3/objects/:objectType", (req, res) => {
    const objectType = objectTypeOf(req);
    const limitRaw = stringParam(req.query.limit);
    const limit = limitRaw === undefined ? 10 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw validationError(`limit must be an integer between 1 and 100, got ${limitRaw}`);
    }
    const archived = boolParam(req.query.archived);
    const afterRaw = stringParam(req.query.after);
    const after = afterRaw === undefined ? 0 : Number(afterRaw);
    if (!Number.isFinite(after)) throw validationError(`after must be numeric, got ${afterRaw}`);
    const store = state.stores[objectType];
    const wireOpts = {
      properties: listParam(req.query.properties),
      propertiesWithHistory: listParam(req.query.propertiesWithHistory),
      associations: associationTypesParam(req.query.associations),
    };
    const results = [];
    let i = store.positionOf(after);
    let next: HsRecord | undefined;
    for (; i < store.ordered.length; i++) {
      const r = store.ordered[i]!;
      if (r.archived !== archived) continue;
      if (results.length === limit) {
        next = r;
        break;
      }
      results.push(pageInlineAssociations(toWire(state, objectType, r, wireOpts)));
    }
    const body: Record<string, unknown> = { results };
    if (next) {
      const link = `${req.protocol}://${req.get("host")}${req.path}?after=${next.id}`;
      body.paging = { next: { after: next.id, link } };
    }
    sendJson(res, 200, body);
  });

  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/basic/get-crm-v3-objects-deals-dealId
  apiRoute(app, ctx, "get", "/crm/v3/objects/:objectType/:objectId", (req, res) => {
    const objectType = objectTypeOf(req);
    const id = String(req.params.objectId);
    const record = state.resolve(objectType, id, {
      archived: boolParam(req.query.archived),
      idProperty: stringParam(req.query.idProperty),
    });
    if (!record) throw objectNotFound(objectType, id);
    sendJson(
      res,
      200,
      pageInlineAssociations(
        toWire(state, objectType, record, {
          properties: listParam(req.query.properties),
          propertiesWithHistory: listParam(req.query.propertiesWithHistory),
          associations: associationTypesParam(req.query.associations),
        }),
      ),
    );
  });

  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/basic/post-crm-v3-objects-deals
  apiRoute(app, ctx, "post", "/crm/v3/objects/:objectType", (req, res) => {
    const objectType = objectTypeOf(req);
    const body = parseBody(createSchema, req.body);
    const values = state.validate(objectType, body.properties, "api", true);
    checkRequired(objectType, [values]);
    state.checkUnique(objectType, values);
    const problem = state.ruleProblem(objectType, undefined, values);
    if (problem)
      throw validationError(problem.message, [
        { message: problem.message, code: problem.code, context: { propertyName: [problem.name] } },
      ]);
    if (body.associations) checkCreateAssociations(state, objectType, body.associations);
    const record = state.insert(objectType, values, apiWrite(res));
    if (body.associations) applyCreateAssociations(state, objectType, record, body.associations);
    sendJson(res, 201, toWire(state, objectType, record, { allSet: true }));
  });

  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/basic/patch-crm-v3-objects-deals-dealId
  apiRoute(app, ctx, "patch", "/crm/v3/objects/:objectType/:objectId", (req, res) => {
    const objectType = objectTypeOf(req);
    const body = parseBody(updateSchema, req.body);
    const record = state.mustResolve(
      objectType,
      String(req.params.objectId),
      stringParam(req.query.idProperty),
    );
    const values = state.validate(objectType, body.properties, "api");
    state.checkUnique(objectType, values, record.id);
    const problem = state.ruleProblem(objectType, record.id, values);
    if (problem)
      throw validationError(problem.message, [
        { message: problem.message, code: problem.code, context: { propertyName: [problem.name] } },
      ]);
    state.apply(objectType, record, values, apiWrite(res));
    sendJson(res, 200, toWire(state, objectType, record, { allSet: true }));
  });

  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/basic/delete-crm-v3-objects-deals-dealId
  // Archiving an unknown or already archived id answers 204 as well.
  apiRoute(app, ctx, "delete", "/crm/v3/objects/:objectType/:objectId", (req, res) => {
    const objectType = objectTypeOf(req);
    const record = state.stores[objectType].records.get(String(req.params.objectId));
    if (record && !record.archived) state.archive(objectType, record, { source: "api" });
    sendNoContent(res);
  });

  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/basic/post-crm-v3-objects-deals-merge
  // The primary keeps its id; the merged record is archived, its id added to the survivor's
  // hs_merged_object_ids, and a GET of the merged id answers the survivor.
  apiRoute(app, ctx, "post", "/crm/v3/objects/:objectType/merge", (req, res) => {
    const objectType = objectTypeOf(req);
    const body = parseBody(mergeSchema, req.body);
    const survivor = mergeRecords(state, objectType, body.primaryObjectId, body.objectIdToMerge, {
      source: "api",
    });
    sendJson(res, 200, toWire(state, objectType, survivor, { allSet: true }));
  });
}
