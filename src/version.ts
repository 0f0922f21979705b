/**
 * The harness's own version (package.json `version`), written into report.json as `version` so that
 * `blend-harness merge` can refuse shards written by different versions of the tool.
 */
import { readFileSync } from 'node:fs';
import { packageFile } from './package-root.ts';

export const TOOL_VERSION: string = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
