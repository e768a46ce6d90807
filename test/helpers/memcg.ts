// A memory cgroup (v1) of a given limit for one test, with a way to run a command inside it; removed after.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MEMCG = '/sys/fs/cgroup/memory';

/** A test's skip reason when there is no memory cgroup v1 hierarchy to make one in. */
export const noMemcg: false | string = existsSync(join(MEMCG, 'cgroup.procs'))
  ? false
  : 'no memory cgroup v1 hierarchy';

/** Runs `argv` inside the cgroup (the shell that execs it joins the cgroup first). */
export type InCgroup = (argv: readonly string[], timeout?: number) => SpawnSyncReturns<string>;

/** Calls `use` with a fresh cgroup limited to `limit` bytes (named after `name` and this process), then removes it. */
export function withMemoryCgroup<T>(name: string, limit: number, use: (run: InCgroup, dir: string) => T): T {
  const cg = join(MEMCG, `vat-test-${name}-${process.pid}`);
  mkdirSync(cg);
  try {
    writeFileSync(join(cg, 'memory.limit_in_bytes'), String(limit));
    const run: InCgroup = (argv, timeout = 60_000) =>
      spawnSync('sh', ['-c', `echo $$ > ${cg}/cgroup.procs && exec "$@"`, 'sh', ...argv], {
        encoding: 'utf8',
        timeout,
      });
    return use(run, cg);
  } finally {
    rmdirSync(cg);
  }
}
