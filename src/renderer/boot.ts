// The console's entry: the session request, and for a user seen signed in before the GETs the page will
// ask first, leave before the console's own script is fetched and evaluated (main.tsx and everything it
// imports), so their answers are usually in by the first render; the chunk of the page the address opens
// is fetched beside it (pages/chunks.ts).
import { browserZone } from './lib/browser-zone';
import { earlyRequestsAt } from './lib/page-routes';
import { sendEarlyDashboard } from './net/early-dashboard';
import { sendEarly } from './net/early-gets';
import { signedInHint, startSession } from './net/early-session';
import { preloadPageAt, routeOf } from './pages/chunks';

startSession();
// not signed in (or the desktop window, which signs in first): they would only be refused
const route = routeOf(window.location);
if (signedInHint()) {
  sendEarly(earlyRequestsAt(route));
  sendEarlyDashboard(route);
}
void import('./main');
preloadPageAt(window.location);
// ICU's date formatting set up while the console's script is fetched, not in its first render
browserZone();
