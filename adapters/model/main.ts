/**
 * `node --import tsx adapters/model/main.ts` (or, compiled, `node dist/adapters/model/main.js`): the
 * reference model as a check-protocol implementation.
 */
import { readFileSync } from 'node:fs';
import { packageFile } from '../../src/package-root.ts';
import { serve } from './server.ts';

const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
serve({ name: 'blend-emissions-harness reference model', version: pkg.version });
