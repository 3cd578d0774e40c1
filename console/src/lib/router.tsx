// Client-side routes under /admin: one path per page, the browser's history for back/forward.
// The service answers every /admin path with index.html, so a reload or a shared link works.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

export const BASE = "/admin";

const listeners = new Set<() => void>();

export function navigate(path: string): void {
  history.pushState(null, "", `${BASE}${path}`);
  for (const l of listeners) l();
}

/** The path below /admin, e.g. "/partners/P-acme.com". */
export function useLocation(): string {
  const read = () => location.pathname.slice(BASE.length) || "/";
  const [path, setPath] = useState(read);
  useEffect(() => {
    const update = () => setPath(read());
    listeners.add(update);
    addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", update);
    };
  }, []);
  return path;
}

/** An in-console link: a real <a href> (open in new tab works) that navigates without a reload. */
export function Link(
  props: { to: string; children: ComponentChildren } & JSX.HTMLAttributes<HTMLAnchorElement>,
) {
  const { to, children, ...rest } = props;
  return (
    <a
      {...rest}
      href={`${BASE}${to}`}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
