// A tinypool worker thread of `check --workers`: tsx's loader registered in this thread, then the TypeScript worker.
const { register } = await import('tsx/esm/api');
register();
const { runCheckChunk } = await import('./check-worker.ts');
export default runCheckChunk;
