// Partners: search by name, key or domain over every partner, on the server, a page at a time.
import { useEffect, useState } from "preact/hooks";
import { api, qs } from "../api/client.ts";
import type { Page, PartnerListItem } from "../api/types.ts";
import { Card, Empty, ErrorBox, Loading } from "../components/states.tsx";
import { formatMoney } from "../lib/money.ts";
import { Link } from "../lib/router.tsx";
import { useApi } from "../lib/use-api.ts";

const PAGE = 50;

export function PartnersPage() {
  const [input, setInput] = useState(new URLSearchParams(location.search).get("q") ?? "");
  const [q, setQ] = useState(input);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  // Search as the admin types, once they pause.
  useEffect(() => {
    const t = setTimeout(() => {
      setQ(input.trim());
      setCursors([undefined]);
      history.replaceState(null, "", `${location.pathname}${qs({ q: input.trim() })}`);
    }, 250);
    return () => clearTimeout(t);
  }, [input]);
  const cursor = cursors.at(-1);
  const page = useApi(
    () => api.get<Page<PartnerListItem> & { total: number }>(`/partners${qs({ q, limit: PAGE, cursor })}`),
    [q, cursor],
  );
  const from = (cursors.length - 1) * PAGE;
  return (
    <div>
      <h1 class="slds-text-heading_large slds-m-bottom_medium">Partners</h1>
      <Card title="Search" id="partner-search">
        <div class="slds-form-element slds-m-bottom_small">
          <label class="slds-form-element__label" for="partner-q">
            Name, key or domain
          </label>
          <input
            id="partner-q"
            type="search"
            class="slds-input"
            value={input}
            placeholder="e.g. acme, P-acme.com"
            onInput={(e) => setInput((e.target as HTMLInputElement).value)}
          />
        </div>
        {page.error && <ErrorBox error={page.error} />}
        {page.loading && !page.data && <Loading />}
        {page.data && (
          <p
            class="slds-text-color_weak slds-m-bottom_x-small"
            aria-live="polite"
            data-testid="partner-count"
          >
            {page.data.total === 0
              ? "No partner matches."
              : `${from + 1}–${from + page.data.items.length} of ${page.data.total} partner(s)`}
          </p>
        )}
        {page.data && page.data.items.length === 0 && <Empty>Try part of the name or the web domain.</Empty>}
        {page.data && page.data.items.length > 0 && (
          <table
            class="slds-table slds-table_cell-buffer slds-table_bordered slds-table_striped"
            aria-label="Partners"
          >
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Domain</th>
                <th scope="col">Type</th>
                <th scope="col">Tier</th>
                <th scope="col" class="slds-text-align_right">
                  Payable (latest period)
                </th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/partners/${encodeURIComponent(p.id)}`}>{p.name ?? p.id}</Link>
                  </th>
                  <td>
                    <code>{p.id}</code>
                  </td>
                  <td>{p.domain ?? "—"}</td>
                  <td>{p.type ?? "—"}</td>
                  <td>{p.latest?.tier ?? "—"}</td>
                  <td class="slds-text-align_right">
                    {p.latest
                      ? `${formatMoney(p.latest.payable, p.latest.currency)} (${p.latest.period})`
                      : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div class="slds-m-top_small">
          {cursors.length > 1 && (
            <button
              type="button"
              class="slds-button slds-button_neutral"
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Previous
            </button>
          )}
          {page.data?.nextCursor && (
            <button
              type="button"
              class="slds-button slds-button_neutral"
              onClick={() => setCursors((c) => [...c, page.data!.nextCursor!])}
            >
              Next
            </button>
          )}
        </div>
      </Card>
    </div>
  );
}
