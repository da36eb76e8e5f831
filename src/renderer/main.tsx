import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, HashRouter } from 'react-router';
import './i18n';
import './styles.css';
import './styles/field.css';
import './styles/access.css';
import { App } from './App';
import { DialogProvider } from './components/Dialog';
import { AuthGate } from './components/auth/AuthGate';
import { getSession } from './net/auth';
import { takeEarlySession } from './net/early-session';
import { applyTheme, initialTheme } from './lib/theme';
import { openingPage, preloadAllPages } from './pages/chunks';
import { hashRouteToPath } from './lib/url';

// Served by the site, the console routes by path (deep links without '#'); loaded from file:// (no server
// to answer /overview), it keeps hash routing.
const fromFile = window.location.protocol === 'file:';
const oldLink = fromFile ? null : hashRouteToPath(window.location.hash);
if (oldLink !== null) window.history.replaceState(null, '', oldLink);
const Router = fromFile ? HashRouter : BrowserRouter;

applyTheme(initialTheme());
// asked by boot.ts before this script was evaluated (every page waits for it; the catch keeps an early
// failure from being an unhandled rejection; AuthGate still sees it)
const firstSession = getSession(takeEarlySession());
firstSession.catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
// the first render waits for the opened page's chunk (fetched beside this script by boot.ts): a page not
// yet in suspends, and its content then comes a few frames after the shell's (bench round 27)
void openingPage().then(() =>
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
