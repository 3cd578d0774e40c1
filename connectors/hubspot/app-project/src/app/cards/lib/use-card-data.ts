// Loads a card's data and tracks loading / failed / ready, reloading when `key` changes (the
// record, the period or the page of deals picked). While a reload runs the last answer stays on
// screen (`reloading`), so paging through deals does not blank the card. An answer that arrives
// after the key changed again is dropped: a slow answer never overwrites a newer one.
import { useCallback, useEffect, useState } from "react";

export type CardData<T> =
  | { state: "loading" }
  | { state: "failed"; message: string }
  | { state: "ready"; data: T; reloading: boolean };

export function useCardData<T>(
  key: string,
  load: () => Promise<T>,
): { data: CardData<T>; retry: () => void } {
  const [data, setData] = useState<CardData<T>>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `load` is rebuilt every render; `key` names what it loads.
  useEffect(() => {
    let current = true;
    setData((shown) => (shown.state === "ready" ? { ...shown, reloading: true } : { state: "loading" }));
    load().then(
      (value) => current && setData({ state: "ready", data: value, reloading: false }),
      (error: unknown) =>
        current &&
        setData({ state: "failed", message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [key, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, retry };
}
