// Pages few users open, and seldom: each is its own chunk, fetched when first opened, so the first page
// of every console load compiles less script.
import { lazy } from 'react';

export const AccessPage = lazy(() => import('./AccessPage').then((m) => ({ default: m.AccessPage })));
export const InternalsPage = lazy(() =>
  import('./InternalsPage').then((m) => ({ default: m.InternalsPage })),
);
export const RuleEditorPage = lazy(() =>
  import('./RuleEditorPage').then((m) => ({ default: m.RuleEditorPage })),
);
export const FindGatewaysPage = lazy(() =>
  import('./FindGatewaysPage').then((m) => ({ default: m.FindGatewaysPage })),
);
export const WallPage = lazy(() => import('./WallPage').then((m) => ({ default: m.WallPage })));
