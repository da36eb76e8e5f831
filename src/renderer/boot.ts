// The console's entry: the session request leaves before the console's own script is fetched and
// evaluated (main.tsx and everything it imports), so its answer is usually in by the first render.
import { startSession } from './net/early-session';

startSession();
void import('./main');
