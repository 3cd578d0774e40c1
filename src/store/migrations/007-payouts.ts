// Payout operations (issue #16): the lifecycle of each partner-period payout as append-only
// events (who, when, why), disputes, and numbered export batches for finance. Amounts are never
// edited: a correction is a ledger `adjustment` row with adjusts_kind = 'correction'.
export const sql = `
CREATE TABLE payout_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  period      text NOT NULL,
  partner     text NOT NULL,
  action      text NOT NULL CHECK (action IN ('flag', 'hold', 'release', 'approve', 'reopen', 'export', 'pay',
                'dispute', 'resolve', 'correct')),
  -- The lifecycle state after the event (a dispute overlays the state, it does not replace it).
  state       text NOT NULL CHECK (state IN ('computed', 'held', 'approved', 'exported', 'paid')),
  -- approve: the amount approved; export: exported; pay: paid; correct: the adjustment.
  amount      numeric,
  currency    text,
  actor       text NOT NULL,
  reason      text NOT NULL,
  -- flag: the rule; pay: the payment reference; correct: the ledger row id.
  reference   text,
  batch       integer,
  dispute     integer,
  paid_on     date,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payout_events_idx ON payout_events (period, partner, id);
CREATE INDEX payout_events_paid_idx ON payout_events (partner, paid_on) WHERE action = 'pay';
CREATE TRIGGER payout_events_append_only BEFORE UPDATE OR DELETE ON payout_events
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER payout_events_no_truncate BEFORE TRUNCATE ON payout_events
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

CREATE TABLE payout_disputes (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  period        text NOT NULL,
  partner       text NOT NULL,
  deal          text,
  line          text,
  reason        text NOT NULL,
  opened_by     text NOT NULL,
  opened_at     timestamptz NOT NULL DEFAULT now(),
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'adjusted')),
  resolved_by   text,
  resolved_at   timestamptz,
  resolution    text,
  adjustment    numeric
);
CREATE INDEX payout_disputes_open_idx ON payout_disputes (period, partner) WHERE status = 'open';

-- A dispute is resolved once: only an open one may change, and only its resolution columns.
CREATE FUNCTION payout_disputes_resolve_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status <> 'open' OR NEW.status = 'open'
     OR NEW.period IS DISTINCT FROM OLD.period OR NEW.partner IS DISTINCT FROM OLD.partner
     OR NEW.deal IS DISTINCT FROM OLD.deal OR NEW.line IS DISTINCT FROM OLD.line
     OR NEW.reason IS DISTINCT FROM OLD.reason OR NEW.opened_by IS DISTINCT FROM OLD.opened_by
     OR NEW.opened_at IS DISTINCT FROM OLD.opened_at THEN
    RAISE EXCEPTION 'payout_disputes: % rejected (a dispute is resolved once and never edited)', TG_OP
      USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER payout_disputes_guard BEFORE UPDATE OR DELETE ON payout_disputes
  FOR EACH ROW EXECUTE FUNCTION payout_disputes_resolve_once();

CREATE TABLE payout_exports (
  batch       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  period      text NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  rows        integer NOT NULL,
  total       numeric NOT NULL,
  currency    text NOT NULL,
  csv         text NOT NULL
);
CREATE TRIGGER payout_exports_append_only BEFORE UPDATE OR DELETE ON payout_exports
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
`;
