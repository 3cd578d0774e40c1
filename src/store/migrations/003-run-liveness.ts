// Who is running a run and when it last showed signs of life, so a run left `running` by a
// killed process is closed by the next one instead of staying `running` forever.
export const sql = `
ALTER TABLE runs
  ADD COLUMN owner        text,
  ADD COLUMN heartbeat_at timestamptz;
CREATE INDEX runs_running_idx ON runs (id) WHERE outcome = 'running';
`;
