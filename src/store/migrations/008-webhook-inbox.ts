// Webhooks in the store (issue #20, points 2 and 7).
// webhook_inbox: the records webhooks announced, kept until a sync has handled them, so a webhook
// is answered as soon as its records are here (a hung run never holds the answer) and nothing
// is lost when the process stops. One row per record: a second notice bumps `version`, so a
// drain that synced an older notice leaves the row for the newer one. `claimed_until` leases a
// row to one drainer (replicas share the table); `not_before` spaces retries after a failed sync.
// webhook_replay: HubSpot request signatures and event ids seen within the 5-minute window
// (SHA-256 of each, so a key never grows with the request), so a captured request replayed after
// a restart is still refused.
export const sql = `
CREATE TABLE webhook_inbox (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crm           text NOT NULL CHECK (crm IN ('salesforce', 'hubspot')),
  object        text NOT NULL,
  record_id     text NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  received_at   timestamptz NOT NULL DEFAULT now(),
  not_before    timestamptz NOT NULL DEFAULT now(),
  claimed_until timestamptz,
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  UNIQUE (crm, object, record_id)
);
CREATE INDEX webhook_inbox_due_idx ON webhook_inbox (not_before, id);

CREATE TABLE webhook_replay (
  key        text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX webhook_replay_expiry_idx ON webhook_replay (expires_at);
`;
