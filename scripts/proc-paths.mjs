// `npm run lint`'s /proc step: only src/sys/ names /proc paths (the ProcFs port, sys/procfs.ts, and its
// neighbours proc-dir, pidns, selinux), so a /proc read elsewhere goes through the port: one place that finds a
// pid's entry in an ancestor namespace's /proc, reads fd links and handles ' (deleted)'. dependency-cruiser
// keeps node:fs out of decode/, filter/, format/ and analyze/stuck/; this covers the folders that need fs for
// other files (engine/, cli/, security/...). A string or template literal that starts with /proc, or a path
// built on procDir(), fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Literals that name /proc without reading it here, each with its file. */
const ALLOWED = [
  // given to another program, which reads its own /proc: the port cannot read it for it
  ['src/analyze/stuck/sched-clock.ts', "'/proc/thread-self/sched'"],
  // the eBPF engine's perl launcher reads its own environment, to exec the command with it exactly
  ['src/engine/ptrace/launch.ts', '"/proc/self/environ"'],
  // compare's masks: text put in place of pids, not paths read
  ['src/analyze/compare.ts', "'/proc/<pid>/'"],
  ['src/analyze/compare.ts', "'/proc/<pid>'"],
];

/** A string or template literal starting with /proc, or a path built on sys/proc-dir's procDir(). */
const LITERAL = /(['"`])\/proc(\/[^'"`]*)?\1|`\/proc\/\$\{|\bprocDir\(/;

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* files(path);
    else if (e.name.endsWith('.ts')) yield path;
  }
}

const found = [];
for (const path of files(join(root, 'src'))) {
  const name = relative(root, path);
  if (name.startsWith('src/sys/')) continue;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const code = line.trimStart();
      if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return;
      const m = LITERAL.exec(line);
      if (m && !ALLOWED.some(([file, literal]) => file === name && line.includes(literal)))
        found.push(`${name}:${i + 1}: ${code}`);
    });
}
if (found.length > 0) {
  console.error('proc-paths: /proc is read through the ProcFs port (src/sys/procfs.ts), not here:');
  for (const f of found) console.error(`  ${f}`);
  process.exit(1);
}
