import type { BRIDGE_KEY, EdgeSiteBridge } from '../shared/preload';

declare global {
  interface Window {
    /** set by the Electron preload; absent in a browser */
    [BRIDGE_KEY]?: EdgeSiteBridge;
  }
}
