// What the Electron preload may expose to the console (all optional: the console also runs in a browser).
interface EdgeSiteBridge {
  apiBase?: string;
}

interface Window {
  edgeSite?: EdgeSiteBridge;
}
