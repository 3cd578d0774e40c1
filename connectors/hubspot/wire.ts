// Wire shapes (HubSpot casing, loose, nullish) parsed before use. The client has already
// deserialized the JSON into its model classes; these schemas check what we rely on.
import { z } from "zod";

const dateLike = z.union([z.date(), z.string()]).nullish();

export const wireObjectSchema = z
  .object({
    id: z.string(),
    properties: z.record(z.string(), z.string().nullable()).default({}),
    createdAt: dateLike,
    updatedAt: dateLike,
    archived: z.boolean().nullish(),
    archivedAt: dateLike,
  })
  .loose();
export type WireObject = z.infer<typeof wireObjectSchema>;

const pagingSchema = z
  .object({ next: z.object({ after: z.string() }).loose().nullish() })
  .loose()
  .nullish();

export const listPageSchema = z.object({ results: z.array(wireObjectSchema), paging: pagingSchema }).loose();
export const searchPageSchema = z
  .object({ total: z.number().int(), results: z.array(wireObjectSchema), paging: pagingSchema })
  .loose();
export type SearchPage = z.infer<typeof searchPageSchema>;

export const standardErrorSchema = z
  .object({
    status: z.string().nullish(),
    category: z.string().nullish(),
    message: z.string().nullish(),
    id: z.string().nullish(),
    context: z.record(z.string(), z.unknown()).nullish(),
    errors: z
      .array(
        z.object({ message: z.string().nullish(), code: z.string().nullish(), context: z.unknown() }).loose(),
      )
      .nullish(),
  })
  .loose();
export type StandardError = z.infer<typeof standardErrorSchema>;

export const batchResponseSchema = z
  .object({
    status: z.string().nullish(),
    results: z
      .array(wireObjectSchema.extend({ _new: z.boolean().nullish(), new: z.boolean().nullish() }))
      .default([]),
    errors: z.array(standardErrorSchema).nullish(),
    numErrors: z.number().nullish(),
  })
  .loose();
export type BatchResponse = z.infer<typeof batchResponseSchema>;

export const wirePropertySchema = z
  .object({
    name: z.string(),
    label: z.string().nullish(),
    type: z.string(),
    fieldType: z.string().nullish(),
    groupName: z.string().nullish(),
    description: z.string().nullish(),
    options: z
      .array(
        z.object({ label: z.string().nullish(), value: z.string(), hidden: z.boolean().nullish() }).loose(),
      )
      .nullish(),
    hasUniqueValue: z.boolean().nullish(),
    showCurrencySymbol: z.boolean().nullish(),
    numberDisplayHint: z.string().nullish(),
    calculated: z.boolean().nullish(),
    hubspotDefined: z.boolean().nullish(),
    externalOptions: z.boolean().nullish(),
    modificationMetadata: z
      .object({ readOnlyValue: z.boolean().nullish(), readOnlyDefinition: z.boolean().nullish() })
      .loose()
      .nullish(),
  })
  .loose();
export type WireProperty = z.infer<typeof wirePropertySchema>;
export const propertyListSchema = z.object({ results: z.array(wirePropertySchema) }).loose();
export const groupListSchema = z
  .object({ results: z.array(z.object({ name: z.string(), label: z.string().nullish() }).loose()) })
  .loose();

export const associationBatchSchema = z
  .object({
    results: z
      .array(
        z
          .object({
            _from: z.object({ id: z.string() }).loose().nullish(),
            from: z.object({ id: z.string() }).loose().nullish(),
            to: z.array(
              z
                .object({
                  toObjectId: z.union([z.string(), z.number()]),
                  associationTypes: z
                    .array(
                      z
                        .object({
                          category: z.string().nullish(),
                          typeId: z.number().nullish(),
                          label: z.string().nullish(),
                        })
                        .loose(),
                    )
                    .default([]),
                })
                .loose(),
            ),
            paging: pagingSchema,
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

/** Epoch ms of a HubSpot timestamp value (ISO string, epoch-ms string, or Date). */
export function toEpochMs(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== "string" || value === "") return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}
