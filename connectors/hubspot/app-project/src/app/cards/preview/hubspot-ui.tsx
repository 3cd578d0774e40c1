// A local stand-in for @hubspot/ui-extensions' components, for screenshots only: each component
// the cards use, as plain React DOM with classes that hubspot-ui.css styles after HubSpot's
// look. Inside HubSpot the real components render; this module is swapped in for the package
// by the preview build (scripts/hubspot-card-screenshots.ts), never shipped in a card.
import type { ReactNode } from "react";

type Children = { children?: ReactNode };
type Variant = string | undefined;
const cls = (...names: Array<string | false | undefined>) => names.filter(Boolean).join(" ");

export const hubspot = {
  extend: () => undefined,
  fetch: () => Promise.reject(new Error("no hubspot.fetch in the preview")),
};

export function Flex(
  props: Children & {
    direction?: "row" | "column";
    gap?: string;
    justify?: string;
    align?: string;
    wrap?: unknown;
  },
) {
  return (
    <div
      className={cls(
        "hs-flex",
        `hs-${props.direction ?? "row"}`,
        `hs-gap-${props.gap ?? "sm"}`,
        props.justify && `hs-justify-${props.justify}`,
        props.align && `hs-align-${props.align}`,
        props.wrap !== undefined && props.wrap !== false && "hs-wrap",
      )}
    >
      {props.children}
    </div>
  );
}

export function Heading({ children }: Children) {
  return <h2 className="hs-heading">{children}</h2>;
}

export function Text(props: Children & { variant?: Variant; format?: { fontWeight?: string } }) {
  return (
    <p
      className={cls(
        "hs-text",
        props.variant === "microcopy" && "hs-microcopy",
        props.format?.fontWeight && `hs-weight-${props.format.fontWeight}`,
      )}
    >
      {props.children}
    </p>
  );
}

export function Divider() {
  return <hr className="hs-divider" />;
}

export function Tag(props: Children & { variant?: Variant }) {
  return <span className={cls("hs-tag", `hs-tag-${props.variant ?? "default"}`)}>{props.children}</span>;
}

export function StatusTag(props: Children & { variant?: Variant }) {
  return (
    <span className="hs-status-tag">
      <span className={cls("hs-status-dot", `hs-status-${props.variant ?? "default"}`)} />
      {props.children}
    </span>
  );
}

export function ProgressBar(props: {
  title?: string;
  value?: number;
  maxValue?: number;
  showPercentage?: boolean;
  valueDescription?: string;
}) {
  const share = Math.round(((props.value ?? 0) / (props.maxValue ?? 100)) * 1000) / 10;
  return (
    <div className="hs-progress">
      <div className="hs-progress-label">
        <span className="hs-weight-demibold">{props.title}</span>
        <span>
          {[props.valueDescription, props.showPercentage ? `${share}%` : undefined]
            .filter(Boolean)
            .join(" · ")}
        </span>
      </div>
      <div className="hs-progress-track">
        <div className="hs-progress-fill" style={{ width: `${share}%` }} />
      </div>
    </div>
  );
}

export function Select(props: {
  label?: string;
  value?: unknown;
  options: { label: string; value: unknown }[];
}) {
  const current = props.options.find((o) => o.value === props.value);
  return (
    <div className="hs-select">
      <span className="hs-field-label">{props.label}</span>
      <span className="hs-select-box">{current?.label ?? ""}</span>
    </div>
  );
}

export function Statistics({ children }: Children) {
  return <div className="hs-statistics">{children}</div>;
}

export function StatisticsItem(props: { label: string; number: string | number }) {
  return (
    <div className="hs-statistic">
      <div className="hs-statistic-label">{props.label}</div>
      <div className="hs-statistic-number">{props.number}</div>
    </div>
  );
}

export function DescriptionList(props: Children & { direction?: "row" | "column" }) {
  return <dl className={cls("hs-dl", `hs-dl-${props.direction ?? "column"}`)}>{props.children}</dl>;
}

export function DescriptionListItem(props: Children & { label: string }) {
  return (
    <div className="hs-dl-item">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

export function Table(props: Children & { paginated?: boolean; pageCount?: number; page?: number }) {
  return (
    <div className="hs-table-wrap">
      <table className="hs-table">{props.children}</table>
      {props.paginated && (
        <div className="hs-pager">
          {Array.from({ length: props.pageCount ?? 1 }, (_, i) => i + 1).map((n) => (
            <span key={n} className={cls("hs-pager-page", n === (props.page ?? 1) && "hs-pager-current")}>
              {n}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

export const TableHead = ({ children }: Children) => <thead>{children}</thead>;
export const TableBody = ({ children }: Children) => <tbody>{children}</tbody>;
export const TableRow = ({ children }: Children) => <tr>{children}</tr>;
export const TableHeader = (props: Children & { align?: string }) => (
  <th className={cls(props.align === "right" && "hs-right")}>{props.children}</th>
);
export const TableCell = (props: Children & { align?: string }) => (
  <td className={cls(props.align === "right" && "hs-right")}>{props.children}</td>
);

export function Alert(props: Children & { title: string; variant?: Variant }) {
  return (
    <div className={cls("hs-alert", `hs-alert-${props.variant ?? "info"}`)}>
      <div className="hs-weight-demibold">{props.title}</div>
      <div>{props.children}</div>
    </div>
  );
}

export function Button({ children }: Children) {
  return (
    <button type="button" className="hs-button">
      {children}
    </button>
  );
}

export function EmptyState(props: Children & { title?: string }) {
  return (
    <div className="hs-empty">
      <div className="hs-heading">{props.title}</div>
      {props.children}
    </div>
  );
}

export function ErrorState(props: Children & { title?: string }) {
  return (
    <div className="hs-empty hs-error-state">
      <div className="hs-heading">{props.title}</div>
      {props.children}
    </div>
  );
}

export function LoadingSpinner(props: { label: string }) {
  return <div className="hs-text hs-microcopy">{props.label}</div>;
}
