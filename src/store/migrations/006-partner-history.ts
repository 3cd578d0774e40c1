// Partner attributes over time (program format §6): every value of a partner's type,
// certifications, agreement and compliance the store has seen, each with the date it took effect,
// so a period is computed with the values in effect in it and never with today's. A partner
// already in the store gets its baseline entry here: its current values, dated the day the store
// last saw them (the earliest entry holds for all earlier periods). The values are the ones the
// engine reads (src/sync/compute/run.ts: unknown type → other, no count → 0, not true → false).
export const sql = `
CREATE TABLE partner_history (
  id               bigserial PRIMARY KEY,
  partner_id       text NOT NULL,
  effective_from   date NOT NULL,
  type             text NOT NULL,
  certifications   integer NOT NULL,
  agreement_signed boolean NOT NULL,
  compliance_ok    boolean NOT NULL,
  source           text NOT NULL,
  run_id           bigint,
  recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partner_history_partner_idx ON partner_history (partner_id, effective_from, id);

INSERT INTO partner_history (partner_id, effective_from, type, certifications, agreement_signed, compliance_ok, source)
SELECT id,
       updated_at::date,
       COALESCE(NULLIF(data->>'type', ''), 'other'),
       CASE WHEN jsonb_typeof(data->'certifications') = 'number'
            THEN (data->>'certifications')::numeric::integer ELSE 0 END,
       COALESCE(data->'agreement_signed' = 'true'::jsonb, false),
       COALESCE(data->'compliance_ok' = 'true'::jsonb, false),
       'baseline'
  FROM partners
 ORDER BY id;
`;
