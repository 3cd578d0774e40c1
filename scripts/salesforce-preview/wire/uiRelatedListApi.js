// Preview stand-in for lightning/uiRelatedListApi: related list records from window.__PREVIEW__.
const preview = () => globalThis.__PREVIEW__;

export class getRelatedListRecords {
  constructor(callback) {
    this.callback = callback;
  }
  update(config) {
    const lists = preview().relatedLists[config.parentRecordId] ?? {};
    const records = lists[config.relatedListId] ?? [];
    this.callback({ data: { records, count: records.length }, error: undefined });
  }
  connect() {}
  disconnect() {}
}
