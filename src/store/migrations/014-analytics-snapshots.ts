// Program analytics of closed periods (issue #17): the report as first computed after the close,
// kept so the period shows the same numbers on every later run even when a deal it counted is
// edited in a CRM afterwards. One row per program and period; never updated.
export const sql = `
CREATE TABLE analytics_snapshots (
  program     text        NOT NULL,
  period      text        NOT NULL,
  document    jsonb       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program, period)
);
`;
