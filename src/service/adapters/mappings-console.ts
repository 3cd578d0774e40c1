// What the console adds to the mappings admin: the history of saved versions with diffs, an
// object's live fields for the picker, the picklist values quarantined records brought in that
// no value map knows, and mapping one of them in one step (save + queue its records for retry).
import { createTwoFilesPatch } from "diff";
import { parseDocument } from "yaml";
import type { CrmName } from "../../../connectors/types.ts";
import type { Store } from "../../store/index.ts";
import { CANONICAL_FIELDS, type EntityName } from "../../sync/mapping/index.ts";
import type { Describe } from "../../sync/mapping/live-check.ts";
import { HttpError } from "../errors.ts";
import type { MappingChange, Outcome, UnmappedValue } from "../ports.ts";
import type { MappingsAdminHandle } from "./mappings-admin.ts";

const UNMAPPED = "inbound.unmapped_value";
// formatInboundError writes the value with JSON.stringify: `…: "Referral" is not in the value map…`.
const VALUE_IN_REASON = /: ("(?:[^"\\]|\\.)*") is not in the value map/;

function valueInReason(reason: string): string | null {
  const m = VALUE_IN_REASON.exec(reason);
  if (!m?.[1]) return null;
  try {
    return JSON.parse(m[1]) as string;
  } catch {
    return null;
  }
}

export function withConsoleExtras(
  base: MappingsAdminHandle,
  deps: { store: Store; describe?: Describe },
): MappingsAdminHandle {
  const { store } = deps;

  /** Canonical field + entity for a CRM field of an object, per the accepted mapping. */
  const locate = (crm: CrmName, object: string, crmField: string) => {
    const mapping = base.current(crm)?.mapping;
    if (!mapping) return null;
    for (const [entity, em] of Object.entries(mapping.entities) as [
      EntityName,
      (typeof mapping.entities)[EntityName],
    ][]) {
      if (em.object !== object) continue;
      for (const [name, f] of Object.entries(em.fields)) {
        if (f.crm_field === crmField) return { entity, field: name };
      }
    }
    return null;
  };

  return {
    ...base,
    async history({ limit, cursor, crm }) {
      if (cursor !== undefined && !/^\d{1,9}$/.test(cursor)) {
        throw new HttpError("VALIDATION_FAILED", "invalid cursor", {
          problems: [{ path: "query.cursor", message: "pass back a nextCursor from a previous page" }],
        });
      }
      const versions = await store.mappingVersions.list({
        limit,
        ...(crm ? { crm } : {}),
        ...(cursor ? { beforeId: Number(cursor) } : {}),
      });
      const items: MappingChange[] = [];
      for (const v of versions) {
        const prev = await store.mappingVersions.previous(v.crm, v.id);
        const name = `${v.crm}.yaml`;
        items.push({
          id: String(v.id),
          crm: v.crm as CrmName,
          changedBy: v.changedBy,
          changedAt: v.changedAt,
          diff: prev
            ? createTwoFilesPatch(name, name, prev.yaml, v.yaml, `version ${prev.id}`, `version ${v.id}`)
            : "",
        });
      }
      const last = versions.at(-1);
      return { items, nextCursor: versions.length === limit && last ? String(last.id) : null };
    },
    async fields(crm, object) {
      if (!deps.describe) return null;
      const d = await deps.describe(crm, object);
      return d.fields
        .map((f) => ({
          name: f.name,
          label: f.label,
          type: f.type,
          updateable: f.updateable,
          ...(f.picklistValues ? { picklistValues: f.picklistValues } : {}),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    async unmappedValues() {
      const items: UnmappedValue[] = [];
      for (const g of await store.quarantineGroups.unmappedValues()) {
        const at = locate(g.crm as CrmName, g.object, g.field);
        if (!at) continue;
        items.push({
          crm: g.crm as CrmName,
          entity: at.entity,
          object: g.object,
          field: at.field,
          crmField: g.field,
          value: g.value,
          choices: [...(CANONICAL_FIELDS[at.entity][at.field]?.values ?? [])],
          records: g.records,
          recordIds: g.recordIds,
        });
      }
      return items;
    },
    async mapValue(request, actor): Promise<Outcome<{ retried: number }>> {
      const current = base.current(request.crm);
      if (!current)
        return { ok: false, problems: [{ path: "crm", message: `${request.crm} is not mapped` }] };
      const path = ["entities", request.entity, "fields", request.field, "transform", "map"];
      const doc = parseDocument(current.text);
      if (!doc.hasIn(path)) {
        return {
          ok: false,
          problems: [{ path: path.join("."), message: `${request.field} has no value map to add to` }],
        };
      }
      doc.setIn([...path, request.value], request.canonical);
      const saved = await base.replace({ [request.crm]: doc.toString() }, actor);
      if (!saved.ok) return saved;
      const crmField = current.mapping.entities[request.entity].fields[request.field]?.crm_field;
      const object = current.mapping.entities[request.entity].object;
      let retried = 0;
      let afterId = 0;
      for (;;) {
        const page = await store.recordErrors.list({
          status: "open",
          crm: request.crm,
          object,
          code: UNMAPPED,
          limit: 1000,
          afterId,
        });
        for (const e of page) {
          if (e.field === crmField && valueInReason(e.reason) === request.value) {
            if (await store.recordErrors.requestRetry(e.id)) retried++;
          }
        }
        if (page.length < 1000) break;
        afterId = page.at(-1)!.id;
      }
      return { ok: true, retried };
    },
  };
}
