// Read-only partner queries for the admin console: search by name, key or domain, paged in name
// order, each with its latest statement's tier and payable; and one partner's statement history.
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export interface PartnerListing {
  id: string;
  name: string | null;
  domain: string | null;
  type: string | null;
  sourceCrm: string | null;
  /** From the partner's latest posted statement, when there is one. */
  latest: { period: string; tier: string | null; payable: string; currency: string } | null;
}

export interface PeriodSummary {
  period: string;
  currency: string;
  tier: string | null;
  score: string | null;
  earned: string;
  payable: string;
  funds: Record<string, string>;
  programVersion: number;
  postedAt: string;
}

export interface PartnerDirectoryRepo {
  /**
   * Partners whose name, key or domain contains `query` (case-insensitive; empty = all), ordered
   * by name then key; `after` is the previous page's last `[name, id]`.
   */
  search(options: {
    query: string;
    limit: number;
    after?: { name: string; id: string };
  }): Promise<{ items: PartnerListing[]; total: number; last: { name: string; id: string } | null }>;
  /** The last statement posted for each period of a partner, oldest period first. */
  periods(partnerId: string): Promise<PeriodSummary[]>;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function partnerDirectoryRepo(db: SqlExecutor): PartnerDirectoryRepo {
  return {
    async search({ query, limit, after }) {
      const pattern = `%${escapeLike(query.trim().toLowerCase())}%`;
      const where = `NOT p.deleted AND ($1 = '%%' OR lower(coalesce(p.name, '')) LIKE $1
        OR lower(p.id) LIKE $1 OR lower(coalesce(p.data->>'domain', '')) LIKE $1)`;
      // The page of partners first (name order, keyset), then each one's latest statement: the
      // join runs for the 50 rows shown, not for every partner before the sort.
      const r = await db.query<Record<string, unknown>>(
        `SELECT p.id, p.name, p.domain, p.type, p.source_crm, p.sort_name,
                s.period, s.tier, s.payable::text AS payable, s.currency
           FROM (SELECT p.id, p.name, p.data->>'domain' AS domain, p.data->>'type' AS type, p.source_crm,
                        lower(coalesce(p.name, '')) AS sort_name
                   FROM partners p
                  WHERE ${where}
                    AND ($3::text IS NULL OR (lower(coalesce(p.name, '')), p.id) > ($3::text, $4::text))
                  ORDER BY lower(coalesce(p.name, '')), p.id LIMIT $2) p
           LEFT JOIN LATERAL (
             SELECT period, document->>'tier' AS tier, payable, currency FROM ledger_statements
              WHERE partner = p.id ORDER BY period DESC, id DESC LIMIT 1
           ) s ON true
          ORDER BY p.sort_name, p.id`,
        [pattern, limit, after?.name ?? null, after?.id ?? null],
      );
      const total = await db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM partners p WHERE ${where}`,
        [pattern],
      );
      const lastRow = r.rows.at(-1);
      return {
        total: Number(total.rows[0]?.n ?? 0),
        // The database's own sort key of the last row, so the next page starts exactly after it.
        last: lastRow ? { name: String(lastRow.sort_name), id: String(lastRow.id) } : null,
        items: r.rows.map((row) => ({
          id: String(row.id),
          name: (row.name as string | null) ?? null,
          domain: (row.domain as string | null) ?? null,
          type: (row.type as string | null) ?? null,
          sourceCrm: (row.source_crm as string | null) ?? null,
          latest:
            row.period === null || row.period === undefined
              ? null
              : {
                  period: String(row.period),
                  tier: (row.tier as string | null) ?? null,
                  payable: String(row.payable),
                  currency: String(row.currency),
                },
        })),
      };
    },
    async periods(partnerId) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT DISTINCT ON (period) period, currency, earned::text AS earned, payable::text AS payable,
                document->>'tier' AS tier, document->>'score' AS score, document->'funds' AS funds,
                program_version, posted_at
           FROM ledger_statements WHERE partner = $1 ORDER BY period, id DESC`,
        [partnerId],
      );
      return r.rows.map((row) => ({
        period: String(row.period),
        currency: String(row.currency),
        tier: (row.tier as string | null) ?? null,
        score: (row.score as string | null) ?? null,
        earned: String(row.earned),
        payable: String(row.payable),
        funds: (row.funds as Record<string, string> | null) ?? {},
        programVersion: Number(row.program_version),
        postedAt: isoTimestamp(row.posted_at),
      }));
    },
  };
}
