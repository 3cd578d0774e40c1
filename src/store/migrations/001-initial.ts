// The first schema. Money is NUMERIC everywhere; it is read back as text and never as a float.
export const sql = `
CREATE TABLE partners (
  id          text PRIMARY KEY,
  name        text,
  data        jsonb NOT NULL,
  source_crm  text,
  raw         jsonb,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted     boolean NOT NULL DEFAULT false
);

CREATE TABLE deals (
  id          text PRIMARY KEY,
  partner_id  text,
  close_date  date,
  data        jsonb NOT NULL,
  source_crm  text,
  raw         jsonb,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted     boolean NOT NULL DEFAULT false
);
CREATE INDEX deals_partner_idx ON deals (partner_id);

-- One canonical id per (crm, object, crm id) and one crm id per (canonical id, crm, object).
CREATE TABLE crm_links (
  canonical_id text NOT NULL,
  crm          text NOT NULL,
  object       text NOT NULL,
  crm_id       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (crm, object, crm_id),
  UNIQUE (canonical_id, crm, object)
);

CREATE TABLE sync_cursors (
  crm        text NOT NULL,
  object     text NOT NULL,
  cursor     jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (crm, object)
);

CREATE TABLE writeback_state (
  crm        text NOT NULL,
  object     text NOT NULL,
  record_id  text NOT NULL,
  field      text NOT NULL,
  value      jsonb,
  hash       text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (crm, object, record_id, field)
);

CREATE TABLE program_versions (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name           text NOT NULL,
  yaml           text NOT NULL,
  content_hash   text NOT NULL UNIQUE,
  effective_from date NOT NULL,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE runs (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('sync', 'compute', 'reconcile', 'post')),
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  counts      jsonb NOT NULL DEFAULT '{}'::jsonb,
  outcome     text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'ok', 'partial', 'failed')),
  message     text
);

CREATE TABLE record_errors (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crm        text NOT NULL,
  object     text NOT NULL,
  record_id  text NOT NULL,
  field      text NOT NULL DEFAULT '',
  code       text NOT NULL DEFAULT '',
  reason     text NOT NULL,
  class      text NOT NULL CHECK (class IN ('retryable', 'permanent', 'config')),
  attempts   integer NOT NULL DEFAULT 1,
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen  timestamptz NOT NULL DEFAULT now(),
  status     text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'resolved')),
  run_id     integer REFERENCES runs (id)
);
-- At most one open error per record field; a repeat bumps attempts instead.
CREATE UNIQUE INDEX record_errors_open_idx ON record_errors (crm, object, record_id, field) WHERE status = 'open';

CREATE TABLE closed_periods (
  period    text PRIMARY KEY,
  closed_at timestamptz NOT NULL DEFAULT now(),
  closed_by text NOT NULL
);

CREATE TABLE ledger_entries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  period          text NOT NULL,
  partner         text NOT NULL,
  component       text,
  deal            text,
  kind            text NOT NULL CHECK (kind IN ('earned', 'multiplier', 'cap', 'clawback', 'holdback',
                    'release', 'carry_in', 'carry_forward', 'adjustment')),
  amount          numeric NOT NULL,
  currency        text NOT NULL,
  run_id          integer NOT NULL REFERENCES runs (id),
  program_version integer NOT NULL REFERENCES program_versions (id),
  -- An adjustment corrects a closed period: which one, which kind of row, and why.
  adjusts_period  text,
  adjusts_kind    text,
  cause           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'adjustment') = (adjusts_period IS NOT NULL)),
  CHECK (kind <> 'adjustment' OR (adjusts_kind IS NOT NULL AND cause IS NOT NULL))
);
CREATE INDEX ledger_effective_idx ON ledger_entries ((coalesce(adjusts_period, period)), partner);
CREATE INDEX ledger_partner_period_idx ON ledger_entries (partner, period);

-- The statement figures each posting was computed from, appended when they change.
CREATE TABLE ledger_statements (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  period          text NOT NULL,
  partner         text NOT NULL,
  currency        text NOT NULL,
  earned          numeric NOT NULL,
  held_back       numeric NOT NULL,
  released        numeric NOT NULL,
  clawed_back     numeric NOT NULL,
  carry_forward   numeric NOT NULL,
  payable         numeric NOT NULL,
  run_id          integer NOT NULL REFERENCES runs (id),
  program_version integer NOT NULL REFERENCES program_versions (id),
  posted_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_statements_idx ON ledger_statements (period, partner, id);

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP USING ERRCODE = '55000';
END
$$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_statements_append_only BEFORE UPDATE OR DELETE ON ledger_statements
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
`;
