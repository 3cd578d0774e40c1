// A stored record's field as text: the mapped CRM values are JSON, and a blank or non-string
// value means "not given" everywhere the sync and the cards read one (name, stage, currency…).
export const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
