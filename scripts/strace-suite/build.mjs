// Configures and builds strace out of tree, only what the tests need (no mpers, no -Werror, no unwinder).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// --enable-bundled: strace's own 6.1 kernel headers, not the machine's, which may be newer (Debian's 6.1.192
// linux-libc-dev renamed nexthop_grp.resvd1, and strace 6.1 no longer builds against it)
export const CONFIGURE_FLAGS = [
  '--enable-mpers=no',
  '--disable-gcc-Werror',
  '--enable-stacktrace=no',
  '--enable-bundled=yes',
];

function run(cmd, args, cwd, log) {
  log(`strace-suite: (${cwd}) ${cmd} ${args.join(' ')}`);
  execFileSync('nice', [cmd, ...args], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Checks that dir holds strace 6.1's source (configure says its version). */
export function checkSource(dir) {
  const configure = join(dir, 'configure');
  if (!existsSync(configure)) return `${dir} is not an unpacked strace source (no configure)`;
  const version = /^PACKAGE_VERSION='([^']*)'/m.exec(readFileSync(configure, 'utf8'))?.[1];
  if (version !== '6.1') return `${dir} holds strace ${version ?? '(unknown version)'}, not 6.1`;
  if (existsSync(join(dir, 'config.status'))) return `${dir} is configured in place; give a pristine source`;
  return undefined;
}

/** Builds strace and the test programs in buildDir; each step is skipped when already done. */
export function buildStrace(srcDir, buildDir, jobs, log) {
  mkdirSync(buildDir, { recursive: true });
  if (!existsSync(join(buildDir, 'config.status'))) {
    run(join(srcDir, 'configure'), CONFIGURE_FLAGS, buildDir, log);
  }
  run('make', [`-j${jobs}`, '-s'], buildDir, log);
  // the check programs are built by `make check` itself; building them first keeps timings of the two runs
  // comparable and lets a subset run build only what it needs
  return join(buildDir, 'src', 'strace');
}
