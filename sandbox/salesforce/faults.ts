// Deterministic fault injection: a seeded PRNG decides which requests/records fail, so a test or
// benchmark with the same seed sees the same faults. Changeable at runtime (POST /__sandbox/faults).
import { seededRandom } from "../demo-data.ts";
import { type FaultConfig, type FaultConfigInput, faultConfigSchema } from "./options.ts";
import type { ValidationRule } from "./org-state.ts";

export class FaultInjector {
  config: FaultConfig;
  private random: () => number;
  readonly injected = { http429: 0, http503: 0, lockRow: 0 };

  constructor(config: FaultConfig) {
    this.config = config;
    this.random = seededRandom(config.seed);
  }

  /** Replace the config (fields not given keep their defaults) and reseed. */
  set(input: FaultConfigInput): FaultConfig {
    this.config = faultConfigSchema.parse(input);
    this.random = seededRandom(this.config.seed);
    return this.config;
  }

  /** 429, 503 or null for one request. */
  requestFault(): 429 | 503 | null {
    const { rate429, rate503 } = this.config;
    if (rate429 === 0 && rate503 === 0) return null;
    const r = this.random();
    if (r < rate429) {
      this.injected.http429++;
      return 429;
    }
    if (r < rate429 + rate503) {
      this.injected.http503++;
      return 503;
    }
    return null;
  }

  lockRow(): boolean {
    if (this.config.lockRowRate === 0) return false;
    const locked = this.random() < this.config.lockRowRate;
    if (locked) this.injected.lockRow++;
    return locked;
  }

  private cachedRules: { config: FaultConfig; rules: ValidationRule[] } | null = null;

  /** Validation rules for `failRecords`, rebuilt only when the config changes. */
  rules(): ValidationRule[] {
    if (this.cachedRules?.config === this.config) return this.cachedRules.rules;
    const rules = this.buildRules();
    this.cachedRules = { config: this.config, rules };
    return rules;
  }

  private buildRules(): ValidationRule[] {
    return this.config.failRecords.map((f) => ({
      object: f.object,
      field: f.field,
      message: f.message,
      reject: (value) =>
        value === f.equals ||
        (typeof value === "string" &&
          typeof f.equals === "string" &&
          value.toLowerCase() === f.equals.toLowerCase()),
    }));
  }
}
