/** `node --import tsx adapters/model/main.ts`: the reference model as a check-protocol implementation. */
import { readFileSync } from 'node:fs';
import { serve } from './server.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
serve({ name: 'blend-emissions-harness reference model', version: pkg.version });
