import { useQueryClient } from "@tanstack/react-query";
import { type ComponentType, Suspense, lazy, useEffect, useState } from "react";
import { NavLink, Navigate, Route, Routes, useLocation } from "react-router-dom";
import { api, ok } from "./api/client";
import { useLiveUpdates } from "./api/live";
import { useMe } from "./api/queries";
import { ErrorBoundary, Loading, ModeBadge } from "./components/ui";

/** A page loaded on first visit, in its own chunk: the first load carries only this shell
 * (the budget, 150 KB gzipped, is checked by `npm run size`). Add every new page this way,
 * never with a static import of ./pages/... here. */
function page<K extends string, M extends Record<K, ComponentType<any>>>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const ActivityPage = page(() => import("./pages/Activity"), "ActivityPage");
const AdminPage = page(() => import("./pages/Admin"), "AdminPage");
const DashboardPage = page(() => import("./pages/Dashboard"), "DashboardPage");
const LeaderComparePage = page(() => import("./pages/LeaderCompare"), "LeaderComparePage");
const LeaderPage = page(() => import("./pages/Leaders"), "LeaderPage");
const LeadersPage = page(() => import("./pages/Leaders"), "LeadersPage");
const OnboardingPage = page(() => import("./pages/Onboarding"), "OnboardingPage");
const PortfolioPage = page(() => import("./pages/Portfolio"), "PortfolioPage");
const RuleEditPage = page(() => import("./pages/Rules"), "RuleEditPage");
const RuleNewPage = page(() => import("./pages/Rules"), "RuleNewPage");
const RulesPage = page(() => import("./pages/Rules"), "RulesPage");
const SettingsPage = page(() => import("./pages/Settings"), "SettingsPage");
const SignInPage = page(() => import("./pages/SignIn"), "SignInPage");

/** The event stream's state, worded apart from the trading mode ("live" means real money). */
const UPDATES = { live: "● updates: connected", connecting: "○ updates: connecting", offline: "○ updates: offline" } as const;

type Theme = "light" | "dark";

function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => {
    const saved = localStorage.getItem("polycopy-theme");
    if (saved === "light" || saved === "dark") return saved;
    return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  });
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem("polycopy-theme", theme);
  }, [theme]);
  return [theme, () => setTheme((t) => (t === "dark" ? "light" : "dark"))];
}

const NAV = [
  ["/", "Dashboard"],
  ["/leaders", "Leaders"],
  ["/rules", "Copy rules"],
  ["/portfolio", "Portfolio"],
  ["/activity", "Activity"],
  ["/settings", "Settings"],
] as const;

export function App() {
  const me = useMe();
  const live = useLiveUpdates(Boolean(me.data));
  const [theme, toggleTheme] = useTheme();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const client = useQueryClient();
  useEffect(() => setMenuOpen(false), [location.pathname]);

  if (me.isPending) return <Loading what="polycopy" />;
  const user = me.data;
  const signOut = async () => {
    await ok(api.POST("/api/v1/auth/sign-out"));
    client.clear();
    await me.refetch();
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href="/">
          polycopy
        </a>
        {user && (
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </button>
        )}
        {user && (
          <nav id="main-nav" aria-label="Main" className={menuOpen ? "open" : ""}>
            {NAV.map(([to, label]) => (
              <NavLink key={to} to={to} end={to === "/"}>
                {label}
              </NavLink>
            ))}
            {user.role === "admin" && <NavLink to="/admin">Admin</NavLink>}
          </nav>
        )}
        <div className="topbar-end">
          {user && <ModeBadge mode={user.server_mode} of="server" />}
          {user && (
            <span className={`live live-${live}`} role="status" title="Whether this page receives the server's updates as they happen">
              {UPDATES[live]}
            </span>
          )}
          <button type="button" className="ghost" onClick={toggleTheme} aria-label={`Switch to ${theme === "dark" ? "light" : "dark"} theme`}>
            {theme === "dark" ? "☀" : "☾"}
          </button>
          {user && (
            <button type="button" className="ghost" onClick={signOut} title={user.email}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary key={location.pathname}>
          <Suspense fallback={<Loading what="the page" />}>
            {user ? (
              <Routes>
                <Route path="/" element={<DashboardPage />} />
                <Route path="/onboarding" element={<OnboardingPage />} />
                <Route path="/leaders" element={<LeadersPage />} />
                <Route path="/leaders/compare" element={<LeaderComparePage />} />
                <Route path="/leaders/:id" element={<LeaderPage />} />
                <Route path="/rules" element={<RulesPage />} />
                <Route path="/rules/new" element={<RuleNewPage />} />
                <Route path="/rules/:id" element={<RuleEditPage />} />
                <Route path="/portfolio" element={<PortfolioPage />} />
                <Route path="/activity" element={<ActivityPage />} />
                <Route path="/settings/:section?" element={<SettingsPage />} />
                <Route path="/admin" element={user.role === "admin" ? <AdminPage /> : <Navigate to="/" />} />
                <Route path="/welcome" element={<Navigate to="/onboarding" />} />
                <Route path="*" element={<p>This page does not exist.</p>} />
              </Routes>
            ) : (
              <SignInPage onSignedIn={() => me.refetch()} />
            )}
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
