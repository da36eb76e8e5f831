// The console's entry: the session request leaves before the console's own script is fetched and
// evaluated (main.tsx and everything it imports), so its answer is usually in by the first render; the
// chunk of the page the address opens is fetched beside it (pages/chunks.ts).
import { startSession } from './net/early-session';
import { preloadPageAt } from './pages/chunks';

startSession();
void import('./main');
preloadPageAt(window.location);
