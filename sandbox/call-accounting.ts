// API call accounting for both emulators: calls per endpoint (method + route pattern, ids as
// placeholders), per method and per status, so tests and benchmarks count calls. Every request
// that reaches the API counts, including those answered 401/429/5xx; /__sandbox/* never does.

export interface CallSnapshot {
  total: number;
  byEndpoint: Record<string, number>;
  byMethod: Record<string, number>;
  byStatus: Record<string, number>;
}

export class CallAccounting {
  #total = 0;
  readonly #byEndpoint = new Map<string, number>();
  readonly #byMethod = new Map<string, number>();
  readonly #byStatus = new Map<string, number>();

  record(method: string, endpoint: string, status: number): void {
    this.#total++;
    bump(this.#byEndpoint, `${method} ${endpoint}`);
    bump(this.#byMethod, method);
    bump(this.#byStatus, String(status));
  }

  snapshot(): CallSnapshot {
    return {
      total: this.#total,
      byEndpoint: Object.fromEntries([...this.#byEndpoint].sort(([a], [b]) => a.localeCompare(b))),
      byMethod: Object.fromEntries(this.#byMethod),
      byStatus: Object.fromEntries(this.#byStatus),
    };
  }

  reset(): void {
    this.#total = 0;
    this.#byEndpoint.clear();
    this.#byMethod.clear();
    this.#byStatus.clear();
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
