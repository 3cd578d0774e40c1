// Properties API → neutral ObjectDescription.
import type { ObjectDescription } from "../types.ts";
import { type HubSpotContext, objectTypeOf } from "./context.ts";
import { describeProperty } from "./values.ts";

export async function describeObject(ctx: HubSpotContext, object: string): Promise<ObjectDescription> {
  const props = await ctx.properties(objectTypeOf(object), true);
  return { object, fields: [...props.values()].map(describeProperty) };
}
