// Preload: the console talks to the site over HTTP like any browser, so it needs nothing from Node.
// Expose only a marker so the console can tell it runs inside the desktop shell.
const { contextBridge } = require('electron');

contextBridge.exposeInMainWorld('edgeSite', { desktop: true });
