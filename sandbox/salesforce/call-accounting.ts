// Counts API calls per endpoint (method + route pattern) and per method, so benchmarks can count
// calls. `/__sandbox/*` is never counted.
export interface CallCounts {
  total: number;
  byEndpoint: Record<string, number>;
  byMethod: Record<string, number>;
  byStatus: Record<string, number>;
}

export class CallAccounting {
  private counts: CallCounts = { total: 0, byEndpoint: {}, byMethod: {}, byStatus: {} };

  record(method: string, endpoint: string, status: number): void {
    const c = this.counts;
    c.total++;
    const key = `${method} ${endpoint}`;
    c.byEndpoint[key] = (c.byEndpoint[key] ?? 0) + 1;
    c.byMethod[method] = (c.byMethod[method] ?? 0) + 1;
    c.byStatus[status] = (c.byStatus[status] ?? 0) + 1;
  }

  snapshot(): CallCounts {
    return structuredClone(this.counts);
  }

  reset(): void {
    this.counts = { total: 0, byEndpoint: {}, byMethod: {}, byStatus: {} };
  }
}
