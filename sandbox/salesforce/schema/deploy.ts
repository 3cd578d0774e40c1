// "Deploying" declared metadata into the org: custom objects first (so lookups can target them),
// then their fields and the standalone custom fields; describe reflects them at once.
import { z } from "zod";
import type { OrgState } from "../org-state.ts";
import {
  type CustomFieldDecl,
  type CustomObjectDecl,
  customFieldDef,
  customFieldSchema,
  customObjectDef,
  customObjectSchema,
  fieldNameOf,
} from "./custom.ts";

export type { CustomFieldDecl, CustomObjectDecl };

export function deploy(org: OrgState, objects: CustomObjectDecl[], fields: CustomFieldDecl[]): void {
  const parsedObjects = z.array(customObjectSchema).parse(objects);
  const parsedFields = z.array(customFieldSchema).parse(fields);
  let customCount = org.objects().filter((o) => o.custom).length;
  for (const decl of parsedObjects) {
    if (!org.table(decl.fullName)) org.addObject(customObjectDef(decl, customCount++));
  }
  const all: { object: string; decl: CustomFieldDecl }[] = [];
  for (const decl of parsedObjects) for (const f of decl.fields) all.push({ object: decl.fullName, decl: f });
  for (const decl of parsedFields) {
    const object = fieldNameOf(decl).object;
    if (!object)
      throw new Error(`Custom field ${decl.fullName} needs an object (Object.Field__c or object:)`);
    all.push({ object, decl });
  }
  for (const { object, decl } of all) {
    const def = customFieldDef(decl);
    for (const target of def.referenceTo) {
      if (!org.table(target))
        throw new Error(`Custom field ${object}.${def.name} references unknown object ${target}`);
    }
    org.addField(object, def);
  }
}
