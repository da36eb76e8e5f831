/** see site-flags.js */
export declare const SITE_NODE_FLAGS: readonly string[];
export function siteNodeFlags(): string[];
