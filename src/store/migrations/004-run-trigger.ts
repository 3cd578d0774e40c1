// What started each run (schedule, webhook, api, startup, cli), so every process listing runs
// knows it — not only the one that started the run.
export const sql = `
ALTER TABLE runs ADD COLUMN trigger text;
`;
