// The script a tracer worker runs: the tracer-worker module beside this one (dist/tracer-worker.js with its
// chunks for the library), unless the bundled CLI names another (src/cli/bundle.ts: dist/cli.js, which runs the
// CLI's one script from V8's code cache in the worker too).
export const workerScript: { url: URL; argv: string[] } = {
  url: new URL('./tracer-worker.js', import.meta.url),
  argv: [],
};
