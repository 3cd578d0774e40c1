// Batch object endpoints (https://developers.hubspot.com/docs/api-reference/crm-deals-v3/batch/post-crm-v3-objects-deals-batch-read
// and siblings). Rules we follow:
// - at most 100 inputs (50 for reads with propertiesWithHistory), else 400 VALIDATION_ERROR;
// - property-validation errors, required properties missing on create (tasks: hs_timestamp,
//   properties/required.ts) and unique-value conflicts reject the WHOLE batch (400 / 409), like
//   a single write — callers split the batch to isolate the bad record;
// - ids that do not exist (read/update) and per-record rule failures (fault injection) are
//   reported per record: HTTP 207 `{status:"COMPLETE", results, errors:[…], numErrors}` with the
//   rest applied; a clean batch answers 200 (create: 201);
// - duplicate ids in one update batch answer 400;
// - archive answers 204 whatever the ids.
import type { Express } from "express";
import { z } from "zod";
import { apiError, sendNoContent, validationError } from "../errors.ts";
import type { HsRecord } from "../object-store.ts";
import type { ObjectTypeName } from "../object-types.ts";
import { checkRequired } from "../properties/required.ts";
import type { PropertyProblem } from "../properties/validate.ts";
import { propertyValidationError, validateProperties } from "../properties/validate.ts";
import { toWire } from "../wire.ts";
import { sendBatch } from "./batch-response.ts";
import { apiWrite, boolParam, type EmulatorContext, objectTypeOf, parseBody } from "./context.ts";
import { applyCreateAssociations, associationInputSchema, checkCreateAssociations } from "./objects.ts";
import { apiRoute } from "./pipeline.ts";

export const BATCH_LIMIT = 100;
export const HISTORY_BATCH_LIMIT = 50;

const id = z.coerce.string().min(1);
const readSchema = z.object({
  inputs: z.array(z.object({ id })),
  properties: z.array(z.string()).default([]),
  propertiesWithHistory: z.array(z.string()).default([]),
  idProperty: z.string().optional(),
});
const createSchema = z.object({
  inputs: z.array(
    z.object({
      properties: z.record(z.string(), z.unknown()).default({}),
      associations: z.array(associationInputSchema).optional(),
      objectWriteTraceId: z.string().optional(),
    }),
  ),
});
const updateSchema = z.object({
  inputs: z.array(
    z.object({
      id,
      properties: z.record(z.string(), z.unknown()),
      idProperty: z.string().optional(),
      objectWriteTraceId: z.string().optional(),
    }),
  ),
});
const upsertSchema = z.object({
  inputs: z.array(
    z.object({
      id,
      idProperty: z.string().optional(),
      properties: z.record(z.string(), z.unknown()),
      objectWriteTraceId: z.string().optional(),
    }),
  ),
});
const archiveSchema = z.object({ inputs: z.array(z.object({ id })) });

function checkSize(count: number, limit = BATCH_LIMIT, what = ""): void {
  if (count > limit) {
    throw validationError(
      `The maximum number of inputs supported in a batch request${what} is ${limit}. Please reduce the number of items and try again`,
    );
  }
}

interface BatchError {
  status: "error";
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors?: unknown[];
  links?: Record<string, string>;
}

function recordError(problem: PropertyProblem, context: Record<string, string[]>): BatchError {
  return {
    status: "error",
    category: "VALIDATION_ERROR",
    message: problem.message,
    context: { ...context, propertyName: [problem.name] },
    errors: [{ message: problem.message, code: problem.code, context: { propertyName: [problem.name] } }],
  };
}

function notFound(objectType: ObjectTypeName, ids: string[]): BatchError {
  const singular = objectType.slice(0, -1).toUpperCase().replace("COMPANIE", "COMPANY");
  return {
    status: "error",
    category: "OBJECT_NOT_FOUND",
    message: `Could not get some ${singular} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids },
  };
}

/** Validates every input; any property problem rejects the whole batch. */
function validateAll(
  ctx: EmulatorContext,
  objectType: ObjectTypeName,
  inputs: Array<Record<string, unknown>>,
  /** Per input (or for all): a create, where createdate may be set. */
  creating: boolean | boolean[] = false,
) {
  const registry = ctx.state.properties[objectType];
  const all: PropertyProblem[] = [];
  const values = inputs.map((p, i) => {
    const r = validateProperties(
      registry,
      p,
      false,
      Array.isArray(creating) ? (creating[i] ?? false) : creating,
    );
    all.push(...r.problems);
    return r.values;
  });
  if (all.length > 0) throw propertyValidationError(all, ctx.state.portalId);
  return values;
}

/** Unique-value duplicates inside one batch conflict like duplicates against stored records. */
function checkBatchUnique(
  ctx: EmulatorContext,
  objectType: ObjectTypeName,
  values: Array<Record<string, string>>,
  ids?: string[],
) {
  const seen = new Map<string, number>();
  for (const name of ctx.state.properties[objectType].uniqueNames()) {
    seen.clear();
    values.forEach((v, i) => {
      const value = v[name];
      if (value === undefined || value === "") return;
      if (seen.has(value)) {
        throw apiError(
          409,
          "CONFLICT",
          `Duplicate value "${value}" for unique property ${name} in batch input`,
          {
            context: { propertyName: [name] },
          },
        );
      }
      seen.set(value, i);
    });
  }
  values.forEach((v, i) => {
    ctx.state.checkUnique(objectType, v, ids?.[i]);
  });
}

export function registerBatchRoutes(app: Express, ctx: EmulatorContext): void {
  const { state } = ctx;

  apiRoute(app, ctx, "post", "/crm/v3/objects/:objectType/batch/read", (req, res) => {
    const startedAt = new Date().toISOString();
    const objectType = objectTypeOf(req);
    const body = parseBody(readSchema, req.body);
    checkSize(body.inputs.length);
    if (body.propertiesWithHistory.length > 0)
      checkSize(body.inputs.length, HISTORY_BATCH_LIMIT, " for property histories");
    const archived = boolParam(req.query.archived);
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const input of body.inputs) {
      const record = state.resolve(objectType, input.id, { archived, idProperty: body.idProperty });
      if (!record) missing.push(input.id);
      else
        results.push(
          toWire(state, objectType, record, {
            properties: body.properties,
            propertiesWithHistory: body.propertiesWithHistory,
          }),
        );
    }
    sendBatch(res, 200, results, missing.length > 0 ? [notFound(objectType, missing)] : [], startedAt);
  });

  apiRoute(app, ctx, "post", "/crm/v3/objects/:objectType/batch/create", (req, res) => {
    const startedAt = new Date().toISOString();
    const objectType = objectTypeOf(req);
    const body = parseBody(createSchema, req.body);
    checkSize(body.inputs.length);
    const values = validateAll(
      ctx,
      objectType,
      body.inputs.map((i) => i.properties),
      true,
    );
    checkRequired(objectType, values);
    checkBatchUnique(ctx, objectType, values);
    for (const input of body.inputs)
      if (input.associations) checkCreateAssociations(state, objectType, input.associations);
    const results: unknown[] = [];
    const errors: BatchError[] = [];
    body.inputs.forEach((input, i) => {
      const problem = state.ruleProblem(objectType, undefined, values[i]!);
      if (problem) {
        errors.push(
          recordError(
            problem,
            input.objectWriteTraceId ? { objectWriteTraceId: [input.objectWriteTraceId] } : {},
          ),
        );
        return;
      }
      const record = state.insert(objectType, values[i]!, apiWrite(res));
      if (input.associations) applyCreateAssociations(state, objectType, record, input.associations);
      results.push(toWire(state, objectType, record, { allSet: true }));
    });
    sendBatch(res, 201, results, errors, startedAt);
  });

  apiRoute(app, ctx, "post", "/crm/v3/objects/:objectType/batch/update", (req, res) => {
    const startedAt = new Date().toISOString();
    const objectType = objectTypeOf(req);
    const body = parseBody(updateSchema, req.body);
    checkSize(body.inputs.length);
    const ids = body.inputs.map((i) => i.id);
    const dupes = ids.filter((x, i) => ids.indexOf(x) !== i);
    if (dupes.length > 0)
      throw validationError(
        `Duplicate IDs found in batch input: [${[...new Set(dupes)].join(", ")}]. IDs must be unique`,
      );
    const values = validateAll(
      ctx,
      objectType,
      body.inputs.map((i) => i.properties),
    );
    const records: Array<HsRecord | undefined> = body.inputs.map((i) =>
      state.resolve(objectType, i.id, { idProperty: i.idProperty }),
    );
    checkBatchUnique(
      ctx,
      objectType,
      values,
      records.map((r) => r?.id ?? ""),
    );
    const results: unknown[] = [];
    const errors: BatchError[] = [];
    const missing: string[] = [];
    body.inputs.forEach((input, i) => {
      const record = records[i];
      if (!record) {
        missing.push(input.id);
        return;
      }
      const problem = state.ruleProblem(objectType, record.id, values[i]!);
      if (problem) {
        errors.push(recordError(problem, { ids: [record.id] }));
        return;
      }
      state.apply(objectType, record, values[i]!, apiWrite(res));
      results.push(toWire(state, objectType, record, { allSet: true }));
    });
    if (missing.length > 0) errors.unshift(notFound(objectType, missing));
    sendBatch(res, 200, results, errors, startedAt);
  });

  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/batch/post-crm-v3-objects-deals-batch-upsert
  apiRoute(app, ctx, "post", "/crm/v3/objects/:objectType/batch/upsert", (req, res) => {
    const startedAt = new Date().toISOString();
    const objectType = objectTypeOf(req);
    const body = parseBody(upsertSchema, req.body);
    checkSize(body.inputs.length);
    for (const input of body.inputs) {
      const def = input.idProperty ? state.properties[objectType].get(input.idProperty) : undefined;
      if (!def?.hasUniqueValue) {
        throw validationError(
          `idProperty ${input.idProperty ?? "(missing)"} must be a unique value property of ${objectType}`,
        );
      }
    }
    const records = body.inputs.map((i) => state.resolve(objectType, i.id, { idProperty: i.idProperty }));
    const values = validateAll(
      ctx,
      objectType,
      body.inputs.map((i) => ({ ...i.properties, [i.idProperty!]: i.id })),
      records.map((r) => r === undefined),
    );
    // An upsert that creates needs what a create needs.
    checkRequired(
      objectType,
      values.filter((_, i) => records[i] === undefined),
    );
    checkBatchUnique(
      ctx,
      objectType,
      values,
      records.map((r) => r?.id ?? ""),
    );
    const results: unknown[] = [];
    const errors: BatchError[] = [];
    body.inputs.forEach((input, i) => {
      const existing = records[i];
      const problem = state.ruleProblem(objectType, existing?.id, values[i]!);
      if (problem) {
        errors.push(recordError(problem, { ids: [input.id] }));
        return;
      }
      const record = existing
        ? state.apply(objectType, existing, values[i]!, apiWrite(res))
        : state.insert(objectType, values[i]!, apiWrite(res));
      results.push({ ...toWire(state, objectType, record, { allSet: true }), new: !existing });
    });
    sendBatch(res, 200, results, errors, startedAt);
  });

  apiRoute(app, ctx, "post", "/crm/v3/objects/:objectType/batch/archive", (req, res) => {
    const objectType = objectTypeOf(req);
    const body = parseBody(archiveSchema, req.body);
    checkSize(body.inputs.length);
    for (const input of body.inputs) {
      const record = state.stores[objectType].records.get(input.id);
      if (record && !record.archived) state.archive(objectType, record, { source: "api" });
    }
    sendNoContent(res);
  });
}
