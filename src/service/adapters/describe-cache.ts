// Live describes for the admin API (validation, the field picker), cached for a few minutes:
// each describe is an API call against the CRM's daily allocation, and an admin validating a
// mapping ten times in a row should not spend ten.
import type { CrmConnector, CrmName, ObjectDescription } from "../../../connectors/types.ts";
import type { Describe } from "../../sync/mapping/live-check.ts";

export const DESCRIBE_TTL_MS = 5 * 60 * 1000;

export function createDescribeCache(
  connectors: Partial<Record<CrmName, CrmConnector>>,
  clock: () => number = Date.now,
): Describe {
  const cache = new Map<string, { at: number; value: Promise<ObjectDescription> }>();
  return (crm, object) => {
    const connector = connectors[crm];
    if (!connector) return Promise.reject(new Error(`${crm} is not connected`));
    const key = `${crm}\u0000${object}`;
    const hit = cache.get(key);
    if (hit && clock() - hit.at < DESCRIBE_TTL_MS) return hit.value;
    const value = connector.describe(object);
    cache.set(key, { at: clock(), value });
    // A failed describe is not cached: the next request asks again.
    value.catch(() => cache.delete(key));
    return value;
  };
}
