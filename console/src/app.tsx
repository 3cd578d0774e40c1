// The console shell: asks the API who is signed in, shows sign-in when nobody is (or the
// session ended), otherwise the navigation and the page for the current path. Pages are one
// file each under pages/; adding one is a line in PAGES.
import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, setCsrfToken, whenUnauthorized } from "./api/client.ts";
import type { SessionInfo } from "./api/types.ts";
import { Loading } from "./components/states.tsx";
import { Link, navigate, useLocation } from "./lib/router.tsx";
import { AnalyticsPage } from "./pages/analytics.tsx";
import { MappingsPage } from "./pages/mappings.tsx";
import { PartnerPage } from "./pages/partner.tsx";
import { PartnersPage } from "./pages/partners.tsx";
import { ProgramsPage } from "./pages/programs.tsx";
import { SignInPage } from "./pages/sign-in.tsx";
import { SyncHealthPage } from "./pages/sync-health.tsx";

interface PageEntry {
  path: RegExp;
  title: string;
  nav?: string;
  component: FunctionComponent<{ params: string[] }>;
}

const PAGES: PageEntry[] = [
  { path: /^\/mappings\/?$/, title: "Mappings", nav: "/mappings", component: MappingsPage },
  { path: /^\/programs\/?$/, title: "Programs", nav: "/programs", component: ProgramsPage },
  { path: /^\/sync\/?$/, title: "Sync health", nav: "/sync", component: SyncHealthPage },
  { path: /^\/partners\/?$/, title: "Partners", nav: "/partners", component: PartnersPage },
  { path: /^\/partners\/([^/]+)\/?$/, title: "Partner", component: PartnerPage },
  { path: /^\/analytics\/?$/, title: "Analytics", nav: "/analytics", component: AnalyticsPage },
];

export function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const path = useLocation();

  useEffect(() => {
    whenUnauthorized(() => {
      setCsrfToken(null);
      setSession(null);
    });
    api.get<SessionInfo>("/session").then(
      (s) => {
        setCsrfToken(s.csrfToken);
        setSession(s);
      },
      () => setSession(null),
    );
  }, []);

  if (session === undefined) return <Loading label="Checking your session" />;
  if (session === null) {
    return (
      <SignInPage
        onSignedIn={(s) => {
          setCsrfToken(s.csrfToken);
          setSession(s);
          if (path === "/" || path === "") navigate("/sync");
        }}
      />
    );
  }

  const match = PAGES.map((p) => ({ p, m: p.path.exec(path) })).find((x) => x.m);
  if (!match) {
    if (path === "/" || path === "") navigate("/sync");
  }
  const Page = match?.p.component;
  const signOut = async () => {
    await api.delete("/session").catch(() => undefined);
    setCsrfToken(null);
    setSession(null);
  };
  return (
    <div>
      <header class="console-header">
        <nav class="slds-context-bar" aria-label="Console">
          <div class="slds-context-bar__primary">
            <div class="slds-context-bar__item slds-no-hover">
              <span class="slds-context-bar__label-action slds-context-bar__app-name">
                <span class="slds-truncate">Partner Incentives</span>
              </span>
            </div>
          </div>
          <ul class="slds-grid">
            {PAGES.filter((p) => p.nav).map((p) => {
              const active = match?.p === p || (p.nav === "/partners" && match?.p.title === "Partner");
              return (
                <li key={p.nav} class={`slds-context-bar__item${active ? " slds-is-active" : ""}`}>
                  <Link
                    to={p.nav!}
                    class="slds-context-bar__label-action"
                    aria-current={active ? "page" : undefined}
                  >
                    <span class="slds-truncate">{p.title}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
          <div class="slds-context-bar__secondary slds-col_bump-left slds-grid slds-grid_vertical-align-center">
            <span class="slds-m-right_small" data-testid="signed-in-user">
              Signed in as {session.user}
            </span>
            <button
              type="button"
              class="slds-button slds-button_neutral slds-m-right_small"
              onClick={signOut}
            >
              Sign out
            </button>
          </div>
        </nav>
      </header>
      <main class="console-main slds-p-around_medium">
        {Page ? <Page params={match!.m!.slice(1).map((s) => decodeURIComponent(s))} /> : <p>No such page.</p>}
      </main>
    </div>
  );
}
