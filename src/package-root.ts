/**
 * Where the harness's own files are, the same from the TypeScript sources (a checkout, run through
 * tsx or vitest) and from the compiled JavaScript of the installed package (dist/, `npm run build`):
 * the package root is the first directory above this module holding a package.json (the checkout,
 * or node_modules/blend-emissions-harness; dist/ has none).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This code is dist/'s compiled JavaScript (else the sources). */
export const COMPILED: boolean = import.meta.url.endsWith('.js');

function findRoot(): string {
  const here = fileURLToPath(import.meta.url);
  let dir = dirname(here);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`blend-harness: no package.json above ${here}`);
    dir = up;
  }
}

/** The package root: the directory of the harness's package.json. */
export const PACKAGE_ROOT: string = findRoot();

/** A file shipped as is (docs/protocol.schema.json, adapters/soroban/Cargo.toml, package.json), by its path in the package. */
export function packageFile(path: string): string {
  return join(PACKAGE_ROOT, path);
}

/**
 * The module that runs for a source file (`src/replay.ts`, `adapters/model/main.ts`): the source
 * itself, or when compiled its JavaScript under dist/ (`dist/src/replay.js`).
 */
export function runtimeModule(source: string): string {
  return COMPILED ? join(PACKAGE_ROOT, 'dist', source.replace(/\.ts$/, '.js')) : join(PACKAGE_ROOT, source);
}
