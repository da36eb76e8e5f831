/**
 * What the Electron preload (src/preload/preload.cts) exposes to the console, and under which name:
 * `window.edgeSite`. The console also runs in any browser, where the bridge is absent.
 */
export const BRIDGE_KEY = 'edgeSite';

export interface EdgeSiteBridge {
  /** the console runs inside the desktop shell */
  readonly desktop: true;
  /**
   * Where the API is when it is not the console's own origin. The desktop shell leaves it unset: it loads
   * the console from the site itself.
   */
  readonly apiBase?: string;
  /**
   * A one-time sign-in token from the main process (valid once, for 60 s), exchanged at
   * POST /api/v1/login/desktop for the session cookie; null when the site has no admin yet.
   */
  readonly signInToken?: () => Promise<string | null>;
}

/** the IPC channel the preload asks the main process for a one-time sign-in token on */
export const SIGN_IN_TOKEN_CHANNEL = 'edge-site:sign-in-token';
