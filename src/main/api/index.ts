export { buildApiServer, buildGatewayServer, findRendererDir, listen } from './server.js';
export { LiveHub } from './live.js';
export type { ApiContext } from './context.js';
