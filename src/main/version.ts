import { readFileSync } from 'node:fs';

/** The package version, read once (src/main → package.json, and dist/main → package.json alike). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
