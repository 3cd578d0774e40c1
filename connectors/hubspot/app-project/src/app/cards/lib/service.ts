// The cards' only way to the service: hubspot.fetch, which HubSpot signs
// (X-HubSpot-Signature-v3) and sends from its own servers to a permitted URL. Every answer is
// checked against the endpoint's shape (response.ts); any failure becomes one CardLoadError
// whose message the card can show as is.
import { hubspot } from "@hubspot/ui-extensions";
import type { z } from "zod";
import {
  type CompanyCardResponse,
  companyCardSchema,
  type DealCardResponse,
  dealCardSchema,
  errorBodySchema,
} from "./response";
import { SERVICE_BASE_URL } from "./service-url";

/** Below HubSpot's 15-second ceiling, so the card, not HubSpot, reports a slow service. */
const TIMEOUT_MS = 10_000;

export class CardLoadError extends Error {
  override name = "CardLoadError";
}

/** Which period (default: the latest) and which page of its deals the company card asks for. */
export interface CompanyCardQuery {
  period?: string | undefined;
  dealsLimit: number;
  dealsOffset: number;
}

export function companyCardUrl(companyId: string, query: CompanyCardQuery): string {
  const url = new URL(`/hubspot/cards/company/${encodeURIComponent(companyId)}`, SERVICE_BASE_URL);
  if (query.period) url.searchParams.set("period", query.period);
  url.searchParams.set("dealsLimit", String(query.dealsLimit));
  url.searchParams.set("dealsOffset", String(query.dealsOffset));
  return url.toString();
}

export function dealCardUrl(dealId: string): string {
  return new URL(`/hubspot/cards/deal/${encodeURIComponent(dealId)}`, SERVICE_BASE_URL).toString();
}

export function fetchCompanyCard(companyId: string, query: CompanyCardQuery): Promise<CompanyCardResponse> {
  return fetchChecked(companyCardUrl(companyId, query), companyCardSchema);
}

export function fetchDealCard(dealId: string): Promise<DealCardResponse> {
  return fetchChecked(dealCardUrl(dealId), dealCardSchema);
}

async function fetchChecked<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  let response: Response;
  try {
    response = await hubspot.fetch(url, { method: "GET", timeout: TIMEOUT_MS });
  } catch (error) {
    throw new CardLoadError(`The incentive service could not be reached (${messageOf(error)}).`);
  }
  const body = await readJson(response);
  if (!response.ok) {
    const said = errorBodySchema.safeParse(body);
    throw new CardLoadError(
      `The incentive service answered ${response.status}${said.success ? `: ${said.data.error}` : "."}`,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "the answer";
    throw new CardLoadError(
      `The incentive service sent an answer this card cannot read (${where}: ${issue?.message}).`,
    );
  }
  return parsed.data;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
