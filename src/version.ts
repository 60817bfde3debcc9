/** The package version, read once from package.json (two levels up from both src/ and dist/). */
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export const scannerVersion: string = packageJson.version;
