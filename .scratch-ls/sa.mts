import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
const t = <T,>(name: string, f: () => T): T => { const c0 = process.cpuUsage(); const r = f(); const c = process.cpuUsage(c0); console.log(name, ((c.user+c.system)/1000).toFixed(1), 'ms cpu'); return r; };
const ID = 'https://blend-emissions-harness/protocol.schema.json';
const defs = ['request','reply','handshake','state','result','world','wasm_provenance','claimableResult'];
if (process.argv[2] === 'gen') {
  const A = require('ajv/dist/2020.js').Ajv2020;
  const ajv = new A({ allErrors: false, strict: true, allowUnionTypes: true, code: { source: true } });
  ajv.addSchema(JSON.parse(readFileSync('docs/protocol.schema.json', 'utf8')));
  const standalone = require('ajv/dist/standalone/index.js').default;
  const code = t('gen', () => standalone(ajv, Object.fromEntries(defs.map((d) => [d, `${ID}#/$defs/${d}`]))));
  writeFileSync('/work/wt/lockstep-tmp/protocol.cjs', code);
  console.log(code.length, [...new Set(code.match(/require\([^)]*\)/g))]);
} else {
  const code = readFileSync('/work/wt/lockstep-tmp/protocol.cjs', 'utf8');
  const m: { exports: Record<string, (d: unknown) => boolean> } = { exports: {} };
  t('load', () => new Function('require', 'module', 'exports', code)(require, m, m.exports));
  t('first handshake', () => m.exports.handshake!({}));
  t('first request', () => m.exports.request!({ id: 1, action: 'state', args: {} }));
  console.log(Object.keys(m.exports));
}
