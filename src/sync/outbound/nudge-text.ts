// What a nudge task says (issue #16): a subject the account owner can act on without opening
// anything — "Acme is $12,300 from Gold; 1 certification missing" — and the due date (the last
// day of the period, when the tier is decided). Pure.
import { Dec } from "../../../money/index.ts";
import type { TierNudge } from "../../engine/index.ts";

const SYMBOLS: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", JPY: "¥", CAD: "CA$", AUD: "A$" };

/** `12300.00` USD → `$12,300`; cents only when there are some; other currencies by code. */
export function formatGap(amount: string, currency: string): string {
  const value = new Dec(amount).abs();
  const whole = value.truncated();
  const cents = value.minus(whole);
  const grouped = whole.toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const text = cents.isZero() ? grouped : `${grouped}.${value.toFixed(2).split(".")[1]}`;
  const symbol = SYMBOLS[currency];
  return symbol ? `${symbol}${text}` : `${currency} ${text}`;
}

/**
 * A requirement as the statement lists it ("certifications >= 2") in words; the certifications
 * count says how many are missing when the partner's current count is known.
 */
export function missingText(requirement: string, certifications: number | null): string {
  const cert = /^certifications >= (\d+)$/.exec(requirement);
  if (cert) {
    const short = certifications === null ? null : Number(cert[1]) - certifications;
    if (short !== null && short > 0) return `${short} certification${short === 1 ? "" : "s"} missing`;
    return `${cert[1]} certifications required`;
  }
  const m = /^(score|renewal_rate) >= (.+)$/.exec(requirement);
  if (m) return `${m[1] === "score" ? "score" : "renewal rate"} below ${m[2]}`;
  return `requires ${requirement}`;
}

/** Salesforce Task.Subject holds 255 characters; HubSpot's title is kept to the same. */
const SUBJECT_MAX = 255;

export function nudgeSubject(
  nudge: TierNudge,
  partnerName: string,
  currency: string,
  certifications: number | null,
): string {
  let text: string;
  if (nudge.kind === "near_tier") {
    const gap = nudge.gap !== null && !new Dec(nudge.gap).isZero() ? new Dec(nudge.gap) : null;
    const head = gap
      ? `${partnerName} is ${formatGap(gap.toFixed(2), currency)} from ${nudge.tier}`
      : `${partnerName} has the volume for ${nudge.tier}`;
    const missing = nudge.missing.map((r) => missingText(r, certifications));
    text = [head, ...missing].join("; ");
  } else {
    const verb = nudge.kind === "promotion" ? "promoted to" : "dropped to";
    text = `${partnerName} ${verb} ${nudge.tier} (was ${nudge.from_tier ?? "none"})`;
  }
  return text.length > SUBJECT_MAX ? `${text.slice(0, SUBJECT_MAX - 1)}…` : text;
}
