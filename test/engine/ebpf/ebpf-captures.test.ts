// What the eBPF engine captures beyond one page or one struct, against strace: getdents' records whole (a page per
// segment, joined by the reader), clone3's parent_tid followed at exit, a blocked call's input struct read at entry
// and a blocked write's buffer read from the process;
// -O under -c taken off in the kernel; a stop (SIGINT to vat) signals the launched command, as ptrace does.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, fixture, scratch } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

/** The trace's lines with addresses masked, and with `tids` thread ids too. */
const masked = (text: string, tids = false): string[] =>
  text
    .split('\n')
    .filter((l) => l !== '' && !/^(vat|strace): /.test(l))
    .map((l) => l.replace(/0x[0-9a-f]+/g, 'ADDR'))
    .map((l) => (tids ? l.replace(/\b\d{3,}\b/g, 'N') : l));

const strace = (args: readonly string[]): string =>
  spawnSync('strace', args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] }).stderr;

test('ebpf: getdents64 past a page counts every record, as strace', () => {
  // ~700 long names: ls's 32 KiB reads return more than one page of records
  const big = join(dir, 'many');
  mkdirSync(big);
  for (let i = 0; i < 700; i++) writeFileSync(join(big, `entry-with-a-rather-long-name-${i}`), '');
  const args = ['-e', 'trace=getdents64', '/bin/ls', '-f', big];
  const v = runVat(['--engine', 'ebpf', ...args]);
  assert.equal(v.status, 0, v.stderr);
  const lines = masked(v.stderr);
  const sizes = lines.flatMap(
    (l) => /^getdents64\(3, ADDR \/\* \d+ entries \*\/, 32768\) = (\d+)$/.exec(l)?.[1] ?? [],
  );
  assert.ok(
    sizes.some((n) => Number(n) > 4096),
    v.stderr,
  );
  assert.deepEqual(lines, masked(strace(args)));
});

test("ebpf: clone3's parent_tid is shown as the kernel wrote it, as strace", () => {
  const args = ['-f', '-qq', '-e', 'trace=clone3', '-e', 'signal=none', fixture('threads64', ['-pthread'])];
  const v = runVat(['--engine', 'ebpf', ...args]);
  assert.equal(v.status, 0, v.stderr);
  const calls = (t: string): string[] =>
    masked(t, true)
      .map((l) => l.replace(/^\[pid +N\] /, '').replace(/ <unfinished \.\.\.>$/, ''))
      .filter((l) => l.startsWith('clone3('));
  const got = calls(v.stderr);
  assert.equal(got.length, 64, v.stderr);
  for (const l of got) assert.match(l, / => \{parent_tid=\[N\]\}, 88\) = N$/);
  assert.deepEqual(got, calls(strace(args)));
});

test('ebpf: a call blocked past the in-flight look shows its input struct (read at entry)', () => {
  const v = runVat(['--engine', 'ebpf', '-e', 'trace=clock_nanosleep,nanosleep', '/bin/sleep', '0.1']);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stderr, /nanosleep\((CLOCK_REALTIME, 0, )?\{tv_sec=0, tv_nsec=100000000\}, /);
});

for (const engine of ['ptrace', 'ebpf'])
  test(`${engine}: a write blocked past the in-flight look shows its buffer, as strace`, () => {
    // eBPF copies write's buffer at the exit: the entry shown early reads it from the blocked process
    const args = ['-e', 'trace=write', fixture('blocked-write')];
    const v = runVat(['--engine', engine, ...args]);
    assert.equal(v.status, 0, v.stderr);
    const calls = (text: string): string[] =>
      masked(text)
        .filter((l) => l.startsWith('write('))
        .map((l) => l.replace(/ +=/, ' ='));
    assert.ok(calls(v.stderr).includes('write(4, "hello", 5) = 5'), v.stderr);
    assert.deepEqual(calls(v.stderr), calls(strace(args)));
  });

test('ebpf: -c -O takes the overhead off each call in the kernel', () => {
  const v = runVat(['--engine', 'ebpf', '-c', '-w', '-O', '1s', '/bin/sleep', '0.1']);
  assert.equal(v.status, 0, v.stderr);
  const rows = v.stderr.split('\n').filter((l) => /^\s+\d+\.\d+\s/.test(l));
  assert.ok(rows.length > 5, v.stderr);
  for (const row of rows) assert.match(row, /^\s+0\.00\s+0\.000000\s+0\s/, row);
  const without = runVat(['--engine', 'ebpf', '-c', '-w', '/bin/sleep', '0.1']);
  const slept = /^ *[\d.]+ +(\d+\.\d+) +\d+ +1 +clock_nanosleep$/m.exec(without.stderr)?.[1];
  assert.ok(Number(slept) >= 0.1, without.stderr);
});

test('ebpf: SIGINT to vat ends the launched command with it and says it detached, as ptrace', async () => {
  const proc = spawn(process.execPath, [CLI, '--engine', 'ebpf', '-e', 'trace=none', '/bin/sleep', '30'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  // the command is running once pgrep finds sleep 30 under vat
  const started = Date.now();
  let child = '';
  while (child === '' && Date.now() - started < 30_000) {
    await new Promise((r) => setTimeout(r, 100));
    child = spawnSync('pgrep', ['-P', String(proc.pid), '-x', 'sleep'], { encoding: 'utf8' }).stdout.trim();
  }
  assert.notEqual(child, '', 'the command started');
  proc.kill('SIGINT');
  const end = await ended;
  assert.equal(end.signal, 'SIGINT');
  assert.match(stderr, new RegExp(`^vat: Process ${child} detached$`, 'm'));
  const gone = spawnSync('ps', ['-o', 'stat=', '-p', child], { encoding: 'utf8' }).stdout.trim();
  assert.ok(gone === '' || gone.startsWith('Z'), `the command was ended, not left running (${gone})`);
});

/** One fixture traced by both engines: the lines of the calls `only` names, addresses masked. */
function bothEngines(opts: readonly string[], cmd: readonly string[], only: RegExp): [string[], string[]] {
  const lines = (engine: string): string[] => {
    const r = runVat(['--engine', engine, ...opts, ...cmd]);
    assert.equal(r.status, 0, r.stderr);
    return masked(r.stderr).filter((l) => only.test(l));
  };
  return [lines('ebpf'), lines('ptrace')];
}

for (const [name, opts, shows] of [
  // structs larger than a window (btrfs' 4 KiB vol_args), read to the size the request encodes
  ['ioctl-btrfs', [], /BTRFS_IOC_ADD_DEV, \{fd=2, name="n{4000,}"\.\.\.\}/],
  // device-mapper's header and the data after it (past the encoded size)
  ['ioctl-dm', ['-v'], /DM_TABLE_LOAD, \[\{.*\}, \{sector_start=0, length=2048, target_type="linear"/],
  // sg_io_v4's request, behind an address in the struct
  ['ioctl-scsi', [], /SG_IO, \{guard='Q', .*request="\\x12\\x00\\x00\\x00\\x24\\x00"/],
  // LOOP_CONFIGURE encodes no size; its struct is larger than the old window
  ['ioctl-loop', [], /LOOP_CONFIGURE, \{fd=3, block_size=512, info=\{/],
  // -y: a namespace file opened through /proc is named by its type and inode, as the kernel names it
  ['ioctl-block', ['-y'], /^ioctl\(3<user:\[\d+\]>, NS_GET_NSTYPE\)/],
] as const)
  test(`ebpf: ${name}'s structs and what they point to, as ptrace shows them`, () => {
    const [ebpf, ptrace] = bothEngines(['-e', 'trace=ioctl', ...opts], [fixture(name)], /^ioctl\(/);
    assert.ok(
      ebpf.some((l) => shows.test(l)),
      ebpf.join('\n'),
    );
    assert.deepEqual(ebpf, ptrace);
  });

test("ebpf: futex_waitv's waiters, as many as its count says, as ptrace shows them", () => {
  const [ebpf, ptrace] = bothEngines([], [fixture('futex-waitv-sched-attr', ['-pthread'])], /^futex_waitv\(/);
  assert.ok(
    // more waiters than the old 256-byte window held (24 bytes each)
    ebpf.some((l) => (l.match(/\{val=/g) ?? []).length > 11),
    ebpf.join('\n'),
  );
  assert.deepEqual(ebpf, ptrace);
});

test('ebpf -y: a file deleted while open is marked after the brackets, one named so is not, as ptrace', () => {
  const names = join(dir, 'names');
  mkdirSync(names);
  const cmd = [fixture('fd-path-names'), names];
  const [ebpf, ptrace] = bothEngines(['-y', '-e', 'trace=fsync'], cmd, /^fsync\(/);
  assert.ok(
    ebpf.some((l) => l.includes('/gone>(deleted))')),
    ebpf.join('\n'),
  );
  assert.ok(
    ebpf.some((l) => l.includes('/named (deleted)>)')),
    ebpf.join('\n'),
  );
  assert.deepEqual(ebpf, ptrace);
});

test("ebpf -y: /proc/self opened by the command names the command's /proc entry, not vat's, as ptrace", () => {
  const lines = (engine: string): string[] => {
    const r = runVat(['--engine', engine, '-y', '-e', 'trace=close', '/bin/cat', '/proc/self/stat']);
    assert.equal(r.status, 0, r.stderr);
    // the pid differs between the runs: each line against the pid its own run printed
    const pid = /^(\d+) /.exec(r.stdout)?.[1] ?? 'none';
    return masked(r.stderr)
      .filter((l) => l.startsWith('close(3'))
      .map((l) => l.replaceAll(pid, 'PID'));
  };
  const ebpf = lines('ebpf');
  assert.ok(
    ebpf.some((l) => /^close\(3<\/proc\/PID\/stat>\) += 0$/.test(l)),
    ebpf.join('\n'),
  );
  assert.deepEqual(ebpf, lines('ptrace'));
});
