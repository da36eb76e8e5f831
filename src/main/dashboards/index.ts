export { Dashboards, type DashboardDirectory } from './dashboards.js';
export { generateDashboard, DEFAULT_TILES_PER_GATEWAY } from './generate.js';
export { validateDashboard } from './validate.js';
