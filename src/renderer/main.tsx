import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, HashRouter } from 'react-router';
import './i18n';
import './styles.css';
import './styles/field.css';
import './styles/access.css';
import './styles/gateway-setup.css';
import { App } from './App';
import { DialogProvider } from './components/Dialog';
import { AuthGate } from './components/auth/AuthGate';
import { getSession } from './net/auth';
import { takeEarlySession } from './net/early-session';
import { applyTheme, initialTheme } from './lib/theme';
import { openingPage, preloadAllPages, routeOf } from './pages/chunks';
import { firstRenderDataAt } from './lib/page-routes';
import { earlyRead } from './net/early-gets';
import { hashRouteToPath } from './lib/url';
import { settleWithin } from './lib/settle-within';

// Served by the site, the console routes by path (deep links without '#'); loaded from file:// (no server
// to answer /overview), it keeps hash routing.
const fromFile = window.location.protocol === 'file:';
const oldLink = fromFile ? null : hashRouteToPath(window.location.hash);
if (oldLink !== null) window.history.replaceState(null, '', oldLink);
const Router = fromFile ? HashRouter : BrowserRouter;

/** the longest the first render waits for the page's early answer: a slow site shows the shell first */
const FIRST_RENDER_WAIT_MS = 300;
/** … and for the page's chunk (fetched beside this script, from the same server: usually in first) */
const FIRST_RENDER_CHUNK_WAIT_MS = 2000;

applyTheme(initialTheme());
// asked by boot.ts before this script was evaluated (every page waits for it; the catch keeps an early
// failure from being an unhandled rejection; AuthGate still sees it)
const firstSession = getSession(takeEarlySession());
firstSession.catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
// The first render waits for the opened page's chunk (fetched beside this script by boot.ts) and, a
// little, for the early answer the page is drawn from: a page not yet in suspends, a page without its data
// shows a loading state, and its content then comes a few frames after the shell's (bench round 27).
const route = routeOf(window.location);
const pageData = firstRenderDataAt(route);
// (past the chunk's limit the page suspends until it comes, its placeholder shown)
void Promise.all([
  settleWithin(openingPage(), FIRST_RENDER_CHUNK_WAIT_MS),
  pageData && settleWithin(earlyRead(pageData), FIRST_RENDER_WAIT_MS),
]).then(() =>
  createRoot(root).render(
    <StrictMode>
      <Router>
        <DialogProvider>
          <AuthGate firstSession={firstSession}>
            <App />
          </AuthGate>
        </DialogProvider>
      </Router>
    </StrictMode>,
  ),
);

// the other pages' chunks once the console has settled and is idle: opening one then renders at once
// instead of suspending on its fetch (pages/lazy.tsx)
setTimeout(() => void preloadAllPages((fn) => requestIdleCallback(fn, { timeout: 10_000 })), 3000);
