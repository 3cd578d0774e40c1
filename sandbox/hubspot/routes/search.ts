// https://developers.hubspot.com/docs/api-reference/search/guide
// POST /crm/v3/objects/{objectType}/search — counted against the search limit (5/s per token),
// not the 10-second window; see search/run.ts for filters, paging and the 10,000 cap.
import type { Express } from "express";
import { sendJson } from "../errors.ts";
import { searchRequestSchema } from "../search/run.ts";
import { type EmulatorContext, objectTypeOf, parseBody } from "./context.ts";
import { apiRoute } from "./pipeline.ts";

export function registerSearchRoutes(app: Express, ctx: EmulatorContext): void {
  apiRoute(
    app,
    ctx,
    "post",
    "/crm/v3/objects/:objectType/search",
    (req, res) => {
      const objectType = objectTypeOf(req);
      const request = parseBody(searchRequestSchema, req.body);
      sendJson(res, 200, ctx.search.run(objectType, request));
    },
    { search: true },
  );
}
