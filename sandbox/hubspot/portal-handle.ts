// The programmatic back door: reads and writes that are not API calls (not counted, not
// rate-limited, no faults). Values are validated by type like API writes, but read-only
// properties (createdate, hs_lastmodifieddate, …) may be set. Webhooks fire for back-door
// writes only when `webhooks.fireOnBackdoor` is on.

import type { CallAccounting, CallSnapshot } from "../call-accounting.ts";
import { type CardFetch, type CardFetchOptions, createCardFetch } from "./card-fetch.ts";
import { HubSpotApiError, objectNotFound } from "./errors.ts";
import { mergeRecords } from "./merge.ts";
import type { HsRecord } from "./object-store.ts";
import type { ObjectTypeName } from "./object-types.ts";
import { type FaultConfigInput, faultConfigSchema, type HubSpotFaults } from "./options.ts";
import type { PortalState } from "./portal-state.ts";
import type { PropertyCreate } from "./properties/registry.ts";
import { propertyCreateSchema } from "./properties/registry.ts";
import type { RateLimiter } from "./rate-limit.ts";
import type { EmulatorContext } from "./routes/context.ts";
import { defineProperty } from "./routes/properties.ts";
import type { SeedOptions, SeedSummary } from "./seed.ts";
import { seedPortal } from "./seed.ts";
import type { WebhookDelivery } from "./webhooks.ts";
import { toWire } from "./wire.ts";

export type WireObject = Record<string, unknown> & { id: string; properties: Record<string, string | null> };

export interface AssociateOptions {
  /** Association label (e.g. "Partner"); the unlabelled default is always added. */
  label?: string;
  /** Explicit association type ids. */
  typeIds?: number[];
  /** Make this the primary association (deal→company 5). */
  primary?: boolean;
}

export interface PortalHandle {
  readonly state: PortalState;
  readonly portalId: number;
  create(objectType: ObjectTypeName, properties: Record<string, unknown>): WireObject;
  /** Bulk insert, validated like `create`, returning the new ids; never fires webhooks (seeding). */
  createMany(objectType: ObjectTypeName, rows: Array<Record<string, unknown>>): string[];
  update(objectType: ObjectTypeName, id: string, properties: Record<string, unknown>): WireObject;
  archive(objectType: ObjectTypeName, id: string): void;
  merge(objectType: ObjectTypeName, primaryId: string, mergedId: string): WireObject;
  associate(
    fromType: ObjectTypeName,
    fromId: string,
    toType: ObjectTypeName,
    toId: string,
    opts?: AssociateOptions,
  ): void;
  /** Every property with a value; archived records too (`archived: true`). */
  get(objectType: ObjectTypeName, id: string): WireObject | undefined;
  /** Live record count. */
  count(objectType: ObjectTypeName): number;
  defineProperty(objectType: ObjectTypeName, input: PropertyCreate): void;
  seed(options: SeedOptions): SeedSummary;
  calls(): CallSnapshot;
  resetCalls(): void;
  setFaults(config: FaultConfigInput): void;
  resetRateLimits(): void;
  /** hubspot.fetch as an app card of this portal calls its back end: signed, with the portal's query. */
  cardFetch(options: CardFetchOptions): CardFetch;
  /** Waits until queued webhook batches were delivered (or given up on). */
  drainWebhooks(): Promise<void>;
  webhookDeliveries(): WebhookDelivery[];
}

export function createPortalHandle(
  ctx: EmulatorContext,
  calls: CallAccounting,
  faults: HubSpotFaults,
  limiter: RateLimiter,
): PortalHandle {
  const { state } = ctx;
  const opts = { source: "backdoor" as const };
  const wire = (t: ObjectTypeName, r: HsRecord) => toWire(state, t, r, { allSet: true }) as WireObject;
  const live = (t: ObjectTypeName, id: string) => {
    const r = state.resolve(t, id);
    if (!r) throw objectNotFound(t, id);
    return r;
  };
  return {
    state,
    portalId: state.portalId,
    cardFetch: (options) => createCardFetch(state, options),
    create: (t, properties) => wire(t, state.create(t, properties, opts)),
    createMany: (t, rows) => state.muted(() => rows.map((p) => state.create(t, p, opts).id)),
    update: (t, id, properties) => wire(t, state.update(t, live(t, id), properties, opts)),
    archive: (t, id) => state.archive(t, live(t, id), opts),
    merge: (t, primaryId, mergedId) => wire(t, mergeRecords(state, t, primaryId, mergedId, opts)),
    associate: (fromType, fromId, toType, toId, o = {}) => {
      const typeIds = [...(o.typeIds ?? [])];
      if (o.label) {
        const def = state.associationTypes.findLabel(fromType, toType, o.label);
        if (!def)
          throw new HubSpotApiError(400, {
            message: `No association label ${o.label} from ${fromType} to ${toType}`,
          });
        typeIds.push(def.typeId);
      }
      if (o.primary) {
        const primary = state.associationTypes.findLabel(fromType, toType, "Primary");
        if (primary) typeIds.push(primary.typeId);
      }
      if (typeIds.length === 0) {
        const plain = state.associationTypes.defaultType(fromType, toType);
        if (plain) typeIds.push(plain.typeId);
      }
      state.link(fromType, live(fromType, fromId), toType, toId, typeIds, opts);
    },
    get: (t, id) => {
      const r = state.stores[t].records.get(id) ?? state.resolve(t, id);
      return r ? wire(t, r) : undefined;
    },
    count: (t) => {
      let n = 0;
      for (const r of state.stores[t].ordered) if (!r.archived) n++;
      return n;
    },
    defineProperty: (t, input) => {
      defineProperty(ctx, t, propertyCreateSchema.parse(input));
    },
    seed: (options) => seedPortal(state, options),
    calls: () => calls.snapshot(),
    resetCalls: () => calls.reset(),
    setFaults: (config) =>
      faults.configure(faultConfigSchema.parse({ ...faults.config, next: [], ...config })),
    resetRateLimits: () => limiter.reset(),
    drainWebhooks: async () => {
      await ctx.webhooks?.drain();
    },
    webhookDeliveries: () => [...(ctx.webhooks?.deliveries ?? [])],
  };
}
