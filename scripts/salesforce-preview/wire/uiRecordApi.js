// Preview stand-in for lightning/uiRecordApi: the wire adapters answer from window.__PREVIEW__
// (records in the UI API shape, the same shape the jest tests emit), read from the sandbox org.
const preview = () => globalThis.__PREVIEW__;

function notFound(id) {
  return { body: { message: `no preview record ${id}` }, status: 404 };
}

export class getRecord {
  constructor(callback) {
    this.callback = callback;
  }
  update(config) {
    const record = preview().records[config.recordId];
    this.callback(
      record ? { data: record, error: undefined } : { data: undefined, error: notFound(config.recordId) },
    );
  }
  connect() {}
  disconnect() {}
}

export class getRecords {
  constructor(callback) {
    this.callback = callback;
  }
  update(config) {
    const ids = (config.records ?? []).flatMap((r) => r.recordIds ?? []);
    const results = ids.map((id) => {
      const record = preview().records[id];
      return record ? { statusCode: 200, result: record } : { statusCode: 404, result: notFound(id).body };
    });
    this.callback({ data: { results }, error: undefined });
  }
  connect() {}
  disconnect() {}
}

/** The field's value along its path (spanning fields included), as the real getFieldValue. */
export function getFieldValue(record, field) {
  const path = typeof field === "string" ? field.split(".").slice(1) : field.fieldApiName.split(".");
  let at = record;
  for (const name of path) {
    const f = at?.fields?.[name];
    if (f === undefined) return undefined;
    at = f.value;
  }
  return at;
}
