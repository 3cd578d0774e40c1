// Exact arithmetic on decimal strings for the simulation view (BigInt on the scaled digits).
/** after − before on decimal strings, digit by digit (no float). */
export function subtract(a: string, b: string): string {
  const scale = Math.max((a.split(".")[1] ?? "").length, (b.split(".")[1] ?? "").length);
  const toInt = (s: string) => {
    const neg = s.startsWith("-");
    const [i = "0", f = ""] = s.replace(/^-/, "").split(".");
    const v = BigInt(i + f.padEnd(scale, "0"));
    return neg ? -v : v;
  };
  const d = toInt(a) - toInt(b);
  const neg = d < 0n;
  const digits = (neg ? -d : d).toString().padStart(scale + 1, "0");
  const out = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return neg ? `-${out}` : out;
}
