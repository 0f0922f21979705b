// A tinypool worker thread of `mutate --workers`: tsx's loader registered in this thread, then the TypeScript worker.
const { register } = await import('tsx/esm/api');
register();
const { judgeMutantTask } = await import('./mutate-worker.ts');
export default judgeMutantTask;
