// A tinypool worker thread: tsx's loader registered in this thread, then the TypeScript worker.
const { register } = await import('tsx/esm/api');
register();
const { runChunk } = await import('./worker.ts');
export default runChunk;
