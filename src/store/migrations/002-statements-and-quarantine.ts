// Keeps each posted partner statement (lines and explanations, for `GET statements`), and what
// the quarantine admin needs: the fields a CRM blamed, a retry request, a reason on dismissal.
export const sql = `
ALTER TABLE ledger_statements
  ADD COLUMN program       text,
  ADD COLUMN document      jsonb,
  ADD COLUMN document_hash text;

ALTER TABLE record_errors
  ADD COLUMN fields          text[] NOT NULL DEFAULT '{}',
  ADD COLUMN retry_requested boolean NOT NULL DEFAULT false,
  ADD COLUMN status_reason   text;
CREATE INDEX record_errors_status_idx ON record_errors (status, id);
CREATE INDEX runs_kind_idx ON runs (kind, id);
`;
