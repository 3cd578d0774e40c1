// Incremental and full reads. One ordered walk over (SystemModstamp, Id):
//   WHERE <scope> AND ((SystemModstamp > :since) OR (SystemModstamp = :since AND Id > :lastId))
//   ORDER BY SystemModstamp, Id
// Each REST batch (up to 2,000 rows) becomes one page whose cursor is its last row, so a
// resume continues strictly after the last applied record even when many records share one
// timestamp across a batch boundary. Incremental reads go through queryAll, so deletions
// (IsDeleted = true, which moves SystemModstamp) arrive as tombstones in the same ordered walk.
// Formula and roll-up changes do not move SystemModstamp; the nightly full read catches them.
import { z } from "zod";
import type { ReadPage, ReadRequest } from "../types.ts";
import { readBulkQuery } from "./bulk-query.ts";
import { makeCursor, parseCursor, type SalesforceCursor } from "./cursor.ts";
import type { DescribedObject } from "./describe.ts";
import { errorCodeOf, SalesforceConnectorError } from "./errors.ts";
import { attachMerges, type MapOptions, mapRecord, planAssociations } from "./record-mapper.ts";
import type { Runtime } from "./runtime.ts";
import { condition, count, resumeAfter, select } from "./soql.ts";

const queryResult = z.object({
  totalSize: z.number().optional(),
  done: z.boolean().optional(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SalesforceConnectorError("ABORTED", "Salesforce read aborted");
}

async function queryOnce(rt: Runtime, soql: string, scanAll: boolean) {
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm
  const path = `/${scanAll ? "queryAll" : "query"}?q=${encodeURIComponent(soql)}`;
  return queryResult.parse(await rt.call("read", () => rt.conn.request(path)));
}

async function* restBatches(
  rt: Runtime,
  soql: string,
  scanAll: boolean,
  signal: AbortSignal | undefined,
): AsyncGenerator<Array<Record<string, unknown>>> {
  rt.guardBudget();
  let result = await queryOnce(rt, soql, scanAll);
  for (;;) {
    if (result.records.length > 0) yield result.records;
    if (result.done !== false || !result.nextRecordsUrl) return;
    checkAbort(signal);
    rt.guardBudget();
    // The locator URL works for query and queryAll alike ("/query/01g…-2000").
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
    const next = result.nextRecordsUrl;
    result = queryResult.parse(await rt.call("read", () => rt.conn.request(next)));
  }
}

/**
 * A mapping naming a field the org lacks (or the integration user cannot see) is an admin's
 * problem: say which fields, before Salesforce answers with one INVALID_FIELD at a time.
 * Relationship paths (`Account.Name`) are left to Salesforce.
 */
function assertFieldsExist(described: DescribedObject, object: string, fields: string[]): void {
  const missing = fields.filter((f) => !f.includes(".") && !described.byName.has(f));
  if (missing.length > 0) {
    throw new SalesforceConnectorError(
      "UNKNOWN_FIELD",
      `${object} has no readable field ${missing.join(", ")} (not deployed, or hidden from the integration user)`,
    );
  }
}

export async function countRecords(
  rt: Runtime,
  object: string,
  where: string[],
  scanAll: boolean,
): Promise<number> {
  rt.guardBudget();
  const result = await queryOnce(rt, count(object, where), scanAll);
  return result.totalSize ?? 0;
}

export async function* readPages(rt: Runtime, request: ReadRequest): AsyncGenerator<ReadPage> {
  const cursor: SalesforceCursor | null = request.mode === "incremental" ? parseCursor(request.cursor) : null;
  const includeDeleted = request.includeDeleted ?? request.mode === "incremental";
  const described = await rt.describe(request.object);
  assertFieldsExist(described, request.object, [
    ...request.fields,
    ...(request.scope ?? []).map((c) => c.field),
  ]);
  const associations = planAssociations(described, request.associations ?? []);
  const system = ["Id", "SystemModstamp", "LastModifiedById"];
  if (includeDeleted) system.push("IsDeleted");
  if (includeDeleted && described.byName.has("MasterRecordId")) system.push("MasterRecordId");
  const selectFields = [...system, ...request.fields, ...associations.flatMap((a) => a.fields)];
  const typeOf = (f: string) => described.byName.get(f)?.type;
  const where = (request.scope ?? []).map((c) => condition(c, typeOf));
  if (cursor) where.push(resumeAfter(cursor.since, cursor.lastId));

  const total = await countRecords(rt, request.object, where, includeDeleted);
  if (total === 0) return;
  const mapOptions: MapOptions = {
    object: request.object,
    fields: request.fields,
    described,
    associations,
    csv: false,
  };

  if (total > rt.config.bulkReadThreshold) {
    rt.logger.info({ object: request.object, total }, "salesforce read via Bulk API 2.0");
    // Bulk 2.0 rejects ORDER BY, so its pages come unordered: see bulk-query.ts for the cursor.
    const soql = select({ object: request.object, fields: selectFields, where });
    yield* readBulkQuery(rt, soql, includeDeleted, { ...mapOptions, csv: true }, cursor, request.signal);
    return;
  }

  // A query locator expires after ~15 minutes idle (INVALID_QUERY_LOCATOR) when applying pages
  // is slow; the walk then restarts strictly after the last page it yielded.
  const scope = where.slice(0, (request.scope ?? []).length);
  let resumeFrom: SalesforceCursor | null = cursor;
  for (let restarts = 0; ; restarts++) {
    const soql = select({
      object: request.object,
      fields: selectFields,
      where: resumeFrom ? [...scope, resumeAfter(resumeFrom.since, resumeFrom.lastId)] : scope,
      orderBy: ["SystemModstamp", "Id"],
    });
    try {
      for await (const raws of restBatches(rt, soql, includeDeleted, request.signal)) {
        const records = raws.map((raw) => mapRecord(raw, mapOptions));
        attachMerges(records, raws);
        const last = records[records.length - 1]!;
        resumeFrom = makeCursor(last.modifiedAt, last.id);
        yield { records, cursor: resumeFrom };
        checkAbort(request.signal);
      }
      return;
    } catch (error) {
      if (errorCodeOf(error) !== "INVALID_QUERY_LOCATOR" || restarts >= 3) throw error;
      rt.logger.warn(
        { object: request.object, restarts },
        "salesforce query locator expired; resuming from cursor",
      );
    }
  }
}

/** Targeted read of known ids; unknown or deleted ids come back as tombstones. */
export async function readByIds(
  rt: Runtime,
  object: string,
  ids: string[],
  fields: string[],
  associationRequests: ReadRequest["associations"] = [],
) {
  const described = await rt.describe(object);
  const associations = planAssociations(described, associationRequests);
  const mapOptions: MapOptions = { object, fields, described, associations, csv: false };
  const selectFields = ["Id", "SystemModstamp", "LastModifiedById", "IsDeleted", ...fields];
  selectFields.push(...associations.flatMap((a) => a.fields));
  const unique = [...new Set(ids)];
  const found = new Map<string, ReturnType<typeof mapRecord>>();
  // 200 ids keep the SOQL well under the 100,000-character limit.
  for (let i = 0; i < unique.length; i += 200) {
    const chunk = unique.slice(i, i + 200);
    const soql = select({
      object,
      fields: selectFields,
      where: [condition({ field: "Id", op: "in", value: chunk }, () => "id")],
    });
    for await (const raws of restBatches(rt, soql, true, undefined)) {
      for (const raw of raws) {
        const record = mapRecord(raw, mapOptions);
        found.set(record.id, record);
      }
    }
  }
  return unique.map(
    (id) =>
      found.get(id) ??
      // Salesforce matches 15-char ids against 18-char ones; fall back by prefix.
      [...found.values()].find((r) => r.id.slice(0, 15) === id.slice(0, 15)) ?? {
        crm: "salesforce" as const,
        object,
        id,
        fields: {},
        modifiedAt: new Date(rt.now()).toISOString(),
        modifiedBy: null,
        deleted: true,
        mergedIds: [],
        mirrorOf: null,
        associations: {},
      },
  );
}
