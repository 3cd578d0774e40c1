// The store's decimal constructor. decimal.js rounds every result to 20 significant digits by
// default; ledger sums must be exact, so the store uses its own clone with ample precision
// (and never touches the global Decimal configuration other modules rely on).
import { Decimal } from "decimal.js";

export const Money = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_UP });
