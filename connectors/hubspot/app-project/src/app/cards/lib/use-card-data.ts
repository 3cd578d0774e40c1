// Loads a card's data and tracks loading / failed / ready, reloading when `key` changes (the
// record, or the period picked). An answer that arrives after the key changed is dropped, so a
// slow answer for the previous period never overwrites the current one.
import { useCallback, useEffect, useState } from "react";

export type CardData<T> =
  | { state: "loading" }
  | { state: "failed"; message: string }
  | { state: "ready"; data: T };

export function useCardData<T>(
  key: string,
  load: () => Promise<T>,
): { data: CardData<T>; retry: () => void } {
  const [data, setData] = useState<CardData<T>>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `load` is rebuilt every render; `key` names what it loads.
  useEffect(() => {
    let current = true;
    setData({ state: "loading" });
    load().then(
      (value) => current && setData({ state: "ready", data: value }),
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
