// Deal pages for the simulation worker, read ahead: the service's thread reads the next chunk
// from the store while the worker validates the current one, so the two threads overlap instead
// of taking turns (reading 400,000 deals is half of a first simulation). Pages are served in the
// sizes asked for, from chunks of CHUNK rows fetched in id order; any request that is not the
// continuation of the last one goes to the store as it is.
type Page<R> = (options: {
  afterId?: string | null;
  limit: number;
  includeDeleted?: boolean;
  withRaw?: boolean;
}) => Promise<R[]>;

const CHUNK = 10_000;

export function readAhead<R extends { id: string }>(page: Page<R>, chunk = CHUNK): Page<R> {
  let buffer: R[] = [];
  /** The id the buffer continues from (the last id served), and the request's flags. */
  let position: string | null | undefined;
  let flags = "";
  let next: Promise<R[]> | null = null;
  let exhausted = false;

  const fetchAfter = (afterId: string | null, options: { includeDeleted?: boolean; withRaw?: boolean }) => {
    const rows = page({ ...options, afterId, limit: chunk });
    // A chunk read ahead may never be awaited (the caller stopped, or jumped): its failure must
    // not become an unhandled rejection. Awaiting it still throws.
    rows.catch(() => undefined);
    return rows;
  };

  return async (options) => {
    const afterId = options.afterId ?? null;
    const key = `${options.includeDeleted === true}|${options.withRaw !== false}`;
    if (afterId !== position || key !== flags) {
      // Not a continuation: start over from this position.
      buffer = [];
      next = fetchAfter(afterId, options);
      exhausted = false;
      flags = key;
    }
    while (buffer.length < options.limit && (next !== null || (!exhausted && buffer.length > 0))) {
      if (next === null) next = fetchAfter(buffer.at(-1)!.id, options);
      const rows = await next;
      next = null;
      buffer = buffer.concat(rows);
      if (rows.length < chunk) exhausted = true;
      if (exhausted) break;
    }
    const served = buffer.slice(0, options.limit);
    buffer = buffer.slice(options.limit);
    position = served.at(-1)?.id ?? afterId;
    // Ask for the chunk after the buffer now, while the caller works on these rows: one chunk
    // in flight, at most two in memory.
    if (!exhausted && next === null) {
      const last = buffer.at(-1)?.id ?? position;
      if (last !== null) next = fetchAfter(last, options);
    }
    return served;
  };
}
