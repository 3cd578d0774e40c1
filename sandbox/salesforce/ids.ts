// Salesforce record ids: a 3-char key prefix (001 Account, 006 Opportunity, 005 User, a0X custom),
// then pod and counter characters, 15 case-sensitive chars, plus a 3-char case-folding checksum
// that makes the 18-char form case-insensitive.
// https://help.salesforce.com/s/articleView?id=000385008&type=1 (15 vs 18 character ids)

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CHECKSUM_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Za-z0-5]{3})?$/;

/** The 3-char suffix computed from the upper-case pattern of each 5-char chunk. */
export function checksum(id15: string): string {
  let out = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += CHECKSUM_CHARS[bits];
  }
  return out;
}

/** 18-char id for a 15- or 18-char input, or null when the text is not a well-formed id. */
export function normalizeId(text: string): string | null {
  if (!ID_PATTERN.test(text)) return null;
  const id15 = text.slice(0, 15);
  const id18 = id15 + checksum(id15);
  if (text.length === 18 && text.slice(15).toUpperCase() !== id18.slice(15)) return null;
  return id18;
}

function base62(n: number, width: number): string {
  let out = "";
  let rest = n;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, "0");
}

/** Deterministic id factory: the same sequence of calls yields the same ids. */
export class IdFactory {
  private readonly counters = new Map<string, number>();

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    // "5g" stands for the pod, "0" is reserved, then a 9-char counter.
    const id15 = `${prefix}5g0${base62(n, 9)}`;
    return id15 + checksum(id15);
  }
}

/** Key prefix for the n-th declared custom object: a00, a01, ... a0Z. */
export function customKeyPrefix(index: number): string {
  return `a0${BASE62[index % 62]}`;
}
