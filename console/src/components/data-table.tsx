// An SLDS table whose columns sort when their header is pressed (aria-sort says how), for the
// rows it is given: paging and search happen on the server, sorting within what is shown here.
import type { ComponentChildren } from "preact";
import { useMemo, useState } from "preact/hooks";

export interface Column<T> {
  key: string;
  label: string;
  render: (row: T) => ComponentChildren;
  /** Present = sortable. */
  compare?: (a: T, b: T) => number;
  numeric?: boolean;
}

export function DataTable<T>(props: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  label: string;
  initialSort?: { key: string; dir: "ascending" | "descending" };
  /** Rows drawn at most (sorting still covers every row); the rest are counted below. */
  maxRows?: number;
}) {
  const [sort, setSort] = useState(props.initialSort ?? null);
  const rows = useMemo(() => {
    const col = sort && props.columns.find((c) => c.key === sort.key);
    if (!col?.compare) return props.rows;
    const sorted = [...props.rows].sort(col.compare);
    return sort?.dir === "descending" ? sorted.reverse() : sorted;
  }, [props.rows, props.columns, sort]);
  const shown = props.maxRows ? rows.slice(0, props.maxRows) : rows;
  return (
    <>
      <table
        class="slds-table slds-table_cell-buffer slds-table_bordered slds-table_striped"
        aria-label={props.label}
      >
        <thead>
          <tr class="slds-line-height_reset">
            {props.columns.map((c) => {
              const dir = sort?.key === c.key ? sort.dir : undefined;
              return (
                <th key={c.key} scope="col" aria-sort={c.compare ? (dir ?? "none") : undefined}>
                  {c.compare ? (
                    <button
                      type="button"
                      class="slds-button slds-th__action"
                      onClick={() =>
                        setSort({ key: c.key, dir: dir === "ascending" ? "descending" : "ascending" })
                      }
                    >
                      {c.label}
                      <span aria-hidden="true">
                        {dir === "ascending" ? " ▲" : dir === "descending" ? " ▼" : ""}
                      </span>
                    </button>
                  ) : (
                    <div class="slds-truncate">{c.label}</div>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={props.rowKey(row)} class="slds-hint-parent">
              {props.columns.map((c) => (
                <td key={c.key} class={c.numeric ? "slds-text-align_right" : undefined}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length < rows.length && (
        <p class="slds-text-color_weak slds-p-around_x-small">
          Showing the first {shown.length} of {rows.length} rows in this order; sort by another column to see
          others.
        </p>
      )}
    </>
  );
}
