// What the admin console needs beyond the sync's own tables: signed-in console sessions (so
// signing out ends a session on every replica), the history of mapping changes (who, when, the
// text, so a diff can be shown against the previous version), samples of each CRM's daily API
// usage (the sync-health chart), and an index to read one partner's statements without
// scanning every partner's.
export const sql = `
CREATE TABLE admin_sessions (
  id_hash    text PRIMARY KEY,
  user_name  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX admin_sessions_expiry_idx ON admin_sessions (expires_at);

CREATE TABLE mapping_versions (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crm        text NOT NULL,
  yaml       text NOT NULL,
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mapping_versions_crm_idx ON mapping_versions (crm, id);

CREATE TABLE api_usage (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crm        text NOT NULL,
  sampled_at timestamptz NOT NULL DEFAULT now(),
  used       integer NOT NULL,
  daily_limit integer NOT NULL,
  run_id     integer
);
CREATE INDEX api_usage_crm_idx ON api_usage (crm, sampled_at);

CREATE INDEX ledger_statements_partner_idx ON ledger_statements (partner, period, id);
-- The partner list's order and keyset (name, then key).
CREATE INDEX partners_name_idx ON partners ((lower(coalesce(name, ''))), id);
`;
