// Rules spanning both CRMs' mappings, checked once both files load.
import { ENTITY_NAMES } from "./canonical.ts";
import type { Mapping, MappingProblem } from "./types.ts";

/**
 * Rules spanning both CRMs' mappings: records can only be linked when both use the same match
 * key, and a field written both ways needs one conflict policy, not two.
 */
export function checkMappingPair(a: Mapping, b: Mapping): MappingProblem[] {
  const out: MappingProblem[] = [];
  for (const entity of ENTITY_NAMES) {
    const ea = a.entities[entity];
    const eb = b.entities[entity];
    if (ea.match_key.canonical !== eb.match_key.canonical) {
      out.push({
        crm: b.crm,
        entity,
        field: "match_key",
        crm_field: eb.match_key.crm_field,
        path: `entities.${entity}.match_key.canonical`,
        code: "pair_mismatch",
        message: `${a.crm} matches ${entity}s on ${ea.match_key.canonical}, ${b.crm} on ${eb.match_key.canonical}`,
      });
    }
    for (const [name, fa] of Object.entries(ea.fields)) {
      const fb = eb.fields[name];
      if (fa.direction === "both" && fb?.direction === "both" && fa.conflict !== fb.conflict) {
        out.push({
          crm: b.crm,
          entity,
          field: name,
          crm_field: fb.crm_field,
          path: `entities.${entity}.fields.${name}.conflict`,
          code: "pair_mismatch",
          message: `${a.crm} resolves conflicts with ${fa.conflict}, ${b.crm} with ${fb.conflict}`,
        });
      }
    }
  }
  return out;
}
