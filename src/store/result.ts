// Expected failures are values, not throws.
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

/** A failure the caller is expected to handle, with a stable code. */
export interface StoreFailure<C extends string = string> {
  code: C;
  message: string;
}
