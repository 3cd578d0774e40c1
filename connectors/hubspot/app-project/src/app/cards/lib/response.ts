// The JSON the service's card endpoint answers (GET /hubspot/cards/{company,deal}/:id), checked
// with zod before anything is shown: the shape is shared with the endpoint (docs/hubspot-cards.md),
// and a card that silently showed a half-parsed answer would show wrong money. Money stays a
// decimal string end to end; the card only formats it (format.ts), never does arithmetic on it.
import { z } from "zod";

/** A decimal amount as the service writes it ("1234.56", "-250.00"): exact, never a float. */
const money = z.string().regex(/^-?\d+(\.\d+)?$/, "a decimal amount such as 1234.56");
const decimal = money;

export const incentiveLineSchema = z.object({
  component: z.string(),
  amount: money,
  explanation: z.string(),
});

// A deal's name, amount and close date are what the CRM record holds: any may be blank (null).
export const periodDealSchema = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  amount: money.nullable(),
  /** The deal amount's own currency (null: the program's); incentive amounts are in the card's. */
  currency: z.string().length(3).nullable(),
  closeDate: z.string().nullable(),
  status: z.string(),
  incentive: money,
  lines: z.array(incentiveLineSchema),
});

export const companyCardOkSchema = z.object({
  status: z.literal("ok"),
  period: z.string(),
  periods: z.array(z.string()),
  currency: z.string().length(3),
  partner: z.object({ id: z.string(), name: z.string() }),
  tier: z.string().nullable(),
  nextTier: z.string().nullable(),
  gapToNextTier: money.nullable(),
  progressPercent: decimal.nullable(),
  missingForNextTier: z.array(z.string()),
  score: decimal.nullable(),
  metrics: z.array(z.object({ name: z.string(), value: z.string() })),
  eligible: z.boolean(),
  ineligibleReasons: z.array(z.string()),
  payable: money,
  heldBack: money,
  paidYtd: money,
  fundBalance: money.nullable(),
  payoutStatus: z.string().nullable(),
  /** One page of the period's deals (latest close first): `dealsTotal` in all, from `dealsOffset`. */
  deals: z.array(periodDealSchema),
  dealsTotal: z.int().nonnegative(),
  dealsOffset: z.int().nonnegative(),
});

export const companyCardSchema = z.discriminatedUnion("status", [
  companyCardOkSchema,
  z.object({ status: z.literal("not_partner") }),
  z.object({ status: z.literal("not_computed") }),
]);

export const projectionSchema = z.object({
  amount: money,
  explanation: z.string(),
  wouldReachTier: z.string().nullable(),
});

export const dealCardOkSchema = z.object({
  status: z.literal("ok"),
  period: z.string(),
  currency: z.string().length(3),
  deal: z.object({
    id: z.string(),
    name: z.string().nullable(),
    amount: money.nullable(),
    /** The deal amount's own currency (null: the program's); incentive amounts are in the card's. */
    currency: z.string().length(3).nullable(),
    /** "won" | "open" | "lost"; null when the CRM record has no stage the mapping knows. */
    stage: z.string().nullable(),
    closeDate: z.string().nullable(),
  }),
  partner: z.object({ id: z.string(), name: z.string(), tier: z.string().nullable() }),
  incentive: money,
  // CONTRACT.md names this `status` a second time, next to the envelope's "ok"; JSON has one key
  // per name, so the endpoint sends the deal's status as `incentiveStatus`.
  incentiveStatus: z.string(),
  lines: z.array(incentiveLineSchema),
  projection: projectionSchema.nullable(),
});

export const dealCardSchema = z.discriminatedUnion("status", [
  dealCardOkSchema,
  z.object({ status: z.literal("no_partner") }),
  z.object({ status: z.literal("not_computed") }),
]);

/** The service's body on 401/403 (bad signature, wrong portal). */
export const errorBodySchema = z.object({ error: z.string() });

export type IncentiveLine = z.infer<typeof incentiveLineSchema>;
export type PeriodDeal = z.infer<typeof periodDealSchema>;
export type CompanyCardOk = z.infer<typeof companyCardOkSchema>;
export type CompanyCardResponse = z.infer<typeof companyCardSchema>;
export type Projection = z.infer<typeof projectionSchema>;
export type DealCardOk = z.infer<typeof dealCardOkSchema>;
export type DealCardResponse = z.infer<typeof dealCardSchema>;
