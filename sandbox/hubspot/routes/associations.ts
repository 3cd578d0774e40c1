// Associations v4 (https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide):
// single create (labelled 201 / default 200), list, delete (204), batch read (200/207; a
// record without associations is a per-record NO_ASSOCIATIONS_FOUND error), batch create,
// associate/default, archive, labels/archive. Labels: association-labels.ts.
// Batch read pages each input's associations: at most `associationPageSize` targets per input
// (500 by default, the v4 list maximum; HubSpot does not document the batch page size, and v3
// paged at 100: https://github.com/HubSpot/hubspot-api-python/issues/135), then
// `paging.next.after` on that result (absent on the last page); the next request repeats the id
// with that `after` alongside it. The cursor is opaque and URL-encoded base64 of
// "<toObjectTypeId>-<last returned id>", the shape of HubSpot's ("MC0yLTc1MDI%3D" = "0-2-7502",
// ibid.; https://developers.hubspot.com/changelog/bug-fix-batch-read-limit-for-hubspot-associations-api)
// https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations
// ("The 'after' field in a returned paging object can be added alongside the 'id' to retrieve
// the next page of associations from that objectId … 'paging' will only be present if there
// are more pages").
import type { Express } from "express";
import { z } from "zod";
import { objectNotFound, sendJson, sendNoContent, validationError } from "../errors.ts";
import type { HsRecord } from "../object-store.ts";
import { type ObjectTypeName, objectTypeId } from "../object-types.ts";
import type { PortalState } from "../portal-state.ts";
import { sendBatch } from "./batch-response.ts";
import { type EmulatorContext, objectTypeOf, parseBody, stringParam } from "./context.ts";
import { apiRoute } from "./pipeline.ts";

const specSchema = z.object({
  associationCategory: z.enum(["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED"]),
  associationTypeId: z.number().int(),
});
const idRef = z.object({ id: z.coerce.string().min(1) });

function live(state: PortalState, type: ObjectTypeName, id: string): HsRecord {
  const record = state.stores[type].records.get(id);
  if (!record || record.archived) throw objectNotFound(type, id);
  return record;
}

function typeIdsFor(
  state: PortalState,
  from: ObjectTypeName,
  to: ObjectTypeName,
  specs: z.output<typeof specSchema>[],
): number[] {
  return specs.map((s) => {
    const def = state.associationTypes.find(from, to, s.associationTypeId);
    if (!def || def.category !== s.associationCategory) {
      throw validationError(
        `${s.associationCategory} ${s.associationTypeId} is not a valid association type between ${from} and ${to}`,
      );
    }
    return def.typeId;
  });
}

function associatedTypes(
  state: PortalState,
  from: ObjectTypeName,
  to: ObjectTypeName,
  typeIds: readonly number[],
) {
  return typeIds.map((t) => {
    const def = state.associationTypes.find(from, to, t);
    return { category: def?.category ?? "HUBSPOT_DEFINED", typeId: t, label: def?.label ?? null };
  });
}

function labelsBetween(
  state: PortalState,
  from: ObjectTypeName,
  fromRec: HsRecord,
  to: ObjectTypeName,
  toId: string,
) {
  const typeIds = fromRec.assoc?.[to]?.get(toId) ?? [];
  return {
    fromObjectTypeId: objectTypeId(from),
    fromObjectId: Number(fromRec.id),
    toObjectTypeId: objectTypeId(to),
    toObjectId: Number(toId),
    labels: associatedTypes(state, from, to, typeIds)
      .map((t) => t.label)
      .filter((l): l is string => l !== null),
  };
}

/** Live associations of a record towards one type, id order. */
function listTargets(
  state: PortalState,
  record: HsRecord,
  to: ObjectTypeName,
): Array<[string, readonly number[]]> {
  const byId = record.assoc?.[to];
  if (!byId) return [];
  return [...byId]
    .filter(([id]) => !state.stores[to].records.get(id)?.archived)
    .sort(([a], [b]) => Number(a) - Number(b));
}

/** An opaque batch-read cursor: the last target id returned (the next page starts after it). */
function encodeAfter(to: ObjectTypeName, lastId: string): string {
  return encodeURIComponent(Buffer.from(`${objectTypeId(to)}-${lastId}`, "utf8").toString("base64"));
}
function decodeAfter(after: string): number | undefined {
  let text: string;
  try {
    text = Buffer.from(decodeURIComponent(after), "base64").toString("utf8");
  } catch {
    return undefined;
  }
  const m = /^\d+-\d+-(\d+)$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function registerAssociationRoutes(app: Express, ctx: EmulatorContext): void {
  const { state } = ctx;

  // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/basic/put-crm-v4-objects-fromObjectType-fromObjectId-associations-default-toObjectType-toObjectId
  apiRoute(
    app,
    ctx,
    "put",
    "/crm/v4/objects/:objectType/:objectId/associations/default/:toObjectType/:toObjectId",
    (req, res) => {
      const from = objectTypeOf(req);
      const to = objectTypeOf(req, "toObjectType");
      const record = live(state, from, String(req.params.objectId));
      const toId = String(req.params.toObjectId);
      live(state, to, toId);
      const plain = state.associationTypes.defaultType(from, to);
      if (!plain) throw validationError(`No default association between ${from} and ${to}`);
      state.link(from, record, to, toId, [plain.typeId], { source: "api" });
      sendBatch(res, 200, [
        {
          from: { id: record.id },
          to: { id: toId },
          associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: plain.typeId },
        },
        {
          from: { id: toId },
          to: { id: record.id },
          associationSpec: {
            associationCategory: "HUBSPOT_DEFINED",
            associationTypeId: plain.inverseTypeId,
          },
        },
      ]);
    },
  );

  // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/basic/put-crm-v4-objects-objectType-objectId-associations-toObjectType-toObjectId
  apiRoute(
    app,
    ctx,
    "put",
    "/crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId",
    (req, res) => {
      const from = objectTypeOf(req);
      const to = objectTypeOf(req, "toObjectType");
      const record = live(state, from, String(req.params.objectId));
      const toId = String(req.params.toObjectId);
      live(state, to, toId);
      const specs = parseBody(z.array(specSchema).min(1), req.body);
      state.link(from, record, to, toId, typeIdsFor(state, from, to, specs), { source: "api" });
      sendJson(res, 201, labelsBetween(state, from, record, to, toId));
    },
  );

  // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/basic/delete-crm-v4-objects-objectType-objectId-associations-toObjectType-toObjectId
  apiRoute(
    app,
    ctx,
    "delete",
    "/crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId",
    (req, res) => {
      const from = objectTypeOf(req);
      const to = objectTypeOf(req, "toObjectType");
      const record = state.stores[from].records.get(String(req.params.objectId));
      if (record) state.unlink(from, record, to, String(req.params.toObjectId), undefined, { source: "api" });
      sendNoContent(res);
    },
  );

  // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/basic/get-crm-v4-objects-objectType-objectId-associations-toObjectType
  apiRoute(
    app,
    ctx,
    "get",
    "/crm/v4/objects/:objectType/:objectId/associations/:toObjectType",
    (req, res) => {
      const from = objectTypeOf(req);
      const to = objectTypeOf(req, "toObjectType");
      const record = live(state, from, String(req.params.objectId));
      const limit = Math.min(Number(stringParam(req.query.limit) ?? 500) || 500, 500);
      const after = Number(stringParam(req.query.after) ?? 0) || 0;
      const targets = listTargets(state, record, to).filter(([id]) => Number(id) >= after);
      const page = targets.slice(0, limit);
      const body: Record<string, unknown> = {
        results: page.map(([toId, typeIds]) => ({
          toObjectId: Number(toId),
          associationTypes: associatedTypes(state, from, to, typeIds),
        })),
      };
      const next = targets[limit];
      if (next) body.paging = { next: { after: next[0] } };
      sendJson(res, 200, body);
    },
  );

  // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/batch/post-crm-v4-associations-fromObjectType-toObjectType-batch-read
  apiRoute(app, ctx, "post", "/crm/v4/associations/:fromObjectType/:toObjectType/batch/read", (req, res) => {
    const from = objectTypeOf(req, "fromObjectType");
    const to = objectTypeOf(req, "toObjectType");
    const body = parseBody(
      z.object({ inputs: z.array(idRef.extend({ after: z.string().optional() })) }),
      req.body,
    );
    if (body.inputs.length > 1000)
      throw validationError("The maximum number of inputs supported in a batch request is 1000");
    const results: unknown[] = [];
    const errors: unknown[] = [];
    const pageSize = ctx.options.associationPageSize;
    for (const input of body.inputs) {
      const record = state.stores[from].records.get(input.id);
      const all = record && !record.archived ? listTargets(state, record, to) : [];
      const start = input.after === undefined ? undefined : decodeAfter(input.after);
      if (input.after !== undefined && start === undefined) {
        errors.push({
          status: "error",
          category: "VALIDATION_ERROR",
          message: `Invalid paging cursor 'after' for ${from.replace(/s$/, "")} ${input.id}`,
          context: { fromObjectId: [input.id], after: [input.after] },
        });
        continue;
      }
      const rest = start === undefined ? all : all.filter(([id]) => Number(id) > start);
      if (rest.length === 0 && start === undefined) {
        errors.push({
          status: "error",
          category: "OBJECT_NOT_FOUND",
          subCategory: "crm.associations.NO_ASSOCIATIONS_FOUND",
          message: `No ${to.replace(/s$/, "")} is associated with ${from.replace(/s$/, "")} ${input.id}.`,
          context: { fromObjectId: [input.id], fromObjectType: [from], toObjectType: [to] },
        });
        continue;
      }
      const targets = rest.slice(0, pageSize);
      const last = rest.length > pageSize ? targets.at(-1) : undefined;
      results.push({
        from: { id: input.id },
        to: targets.map(([toId, typeIds]) => ({
          toObjectId: Number(toId),
          associationTypes: associatedTypes(state, from, to, typeIds),
        })),
        ...(last ? { paging: { next: { after: encodeAfter(to, last[0]) } } } : {}),
      });
    }
    sendBatch(res, 200, results, errors);
  });

  // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/batch/post-crm-v4-associations-fromObjectType-toObjectType-batch-create
  apiRoute(
    app,
    ctx,
    "post",
    "/crm/v4/associations/:fromObjectType/:toObjectType/batch/create",
    (req, res) => {
      const from = objectTypeOf(req, "fromObjectType");
      const to = objectTypeOf(req, "toObjectType");
      const body = parseBody(
        z.object({
          inputs: z.array(z.object({ from: idRef, to: idRef, types: z.array(specSchema).min(1) })),
        }),
        req.body,
      );
      if (body.inputs.length > 2000)
        throw validationError("The maximum number of inputs supported in a batch request is 2000");
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const input of body.inputs) {
        try {
          const record = live(state, from, input.from.id);
          live(state, to, input.to.id);
          state.link(from, record, to, input.to.id, typeIdsFor(state, from, to, input.types), {
            source: "api",
          });
          results.push(labelsBetween(state, from, record, to, input.to.id));
        } catch (error) {
          const e = error as { body?: Record<string, unknown> };
          errors.push({
            status: "error",
            category: e.body?.category ?? "VALIDATION_ERROR",
            message: e.body?.message ?? String(error),
            context: { fromId: [input.from.id], toId: [input.to.id] },
          });
        }
      }
      sendBatch(res, 201, results, errors);
    },
  );

  apiRoute(
    app,
    ctx,
    "post",
    "/crm/v4/associations/:fromObjectType/:toObjectType/batch/associate/default",
    (req, res) => {
      const from = objectTypeOf(req, "fromObjectType");
      const to = objectTypeOf(req, "toObjectType");
      const body = parseBody(z.object({ inputs: z.array(z.object({ from: idRef, to: idRef })) }), req.body);
      const plain = state.associationTypes.defaultType(from, to);
      if (!plain) throw validationError(`No default association between ${from} and ${to}`);
      const results = body.inputs.map((input) => {
        const record = live(state, from, input.from.id);
        live(state, to, input.to.id);
        state.link(from, record, to, input.to.id, [plain.typeId], { source: "api" });
        return {
          from: { id: input.from.id },
          to: { id: input.to.id },
          associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: plain.typeId },
        };
      });
      sendBatch(res, 200, results);
    },
  );

  apiRoute(
    app,
    ctx,
    "post",
    "/crm/v4/associations/:fromObjectType/:toObjectType/batch/archive",
    (req, res) => {
      const from = objectTypeOf(req, "fromObjectType");
      const to = objectTypeOf(req, "toObjectType");
      const body = parseBody(
        z.object({ inputs: z.array(z.object({ from: idRef, to: z.array(idRef) })) }),
        req.body,
      );
      for (const input of body.inputs) {
        const record = state.stores[from].records.get(input.from.id);
        if (record)
          for (const t of input.to) state.unlink(from, record, to, t.id, undefined, { source: "api" });
      }
      sendNoContent(res);
    },
  );

  apiRoute(
    app,
    ctx,
    "post",
    "/crm/v4/associations/:fromObjectType/:toObjectType/batch/labels/archive",
    (req, res) => {
      const from = objectTypeOf(req, "fromObjectType");
      const to = objectTypeOf(req, "toObjectType");
      const body = parseBody(
        z.object({
          inputs: z.array(z.object({ from: idRef, to: idRef, types: z.array(specSchema).min(1) })),
        }),
        req.body,
      );
      for (const input of body.inputs) {
        const record = state.stores[from].records.get(input.from.id);
        if (record)
          state.unlink(from, record, to, input.to.id, typeIdsFor(state, from, to, input.types), {
            source: "api",
          });
      }
      sendNoContent(res);
    },
  );
}
