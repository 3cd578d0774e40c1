// Near-tier nudges and tier changes (issue #16): the CRM tasks the service created, one per CRM,
// partner, period, kind and tier. The row is written before the create call ('creating') and
// gets the task id after it ('open'), so a rerun never creates a task twice — even after a crash
// between the call and the record of its result (the row then still says 'creating' and the next
// run looks the task up in the CRM before creating anything). 'completed' once the partner
// reached the tier and the task was closed in the CRM; 'failed' when the CRM refused the create
// (the next run tries again).
export const sql = `
CREATE TABLE nudge_tasks (
  id           bigserial PRIMARY KEY,
  crm          text NOT NULL CHECK (crm IN ('salesforce', 'hubspot')),
  partner_id   text NOT NULL,
  period       text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('near_tier', 'promotion', 'demotion')),
  tier         text NOT NULL,
  record_id    text NOT NULL,
  owner_id     text,
  subject      text NOT NULL,
  due_date     date NOT NULL,
  status       text NOT NULL CHECK (status IN ('creating', 'open', 'completed', 'failed')),
  task_id      text,
  error        text,
  run_id       bigint,
  created_at   timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  UNIQUE (crm, partner_id, period, kind, tier)
);
CREATE INDEX nudge_tasks_open_idx ON nudge_tasks (status) WHERE status IN ('creating', 'open');
`;
