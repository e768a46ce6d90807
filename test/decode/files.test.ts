// Struct decoding against strace as the oracle: stat, statx, statfs, getdents, time and resource structs,
// utsname, sigsets, sigaction, stack_t and siginfo, default and with -v. Values that legitimately differ
// between two runs (addresses, pids, inode numbers, clocks, free blocks) are masked before comparing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lookupXlat } from '../../src/decode/xlat.js';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

/** Fields whose numbers (and date comment) change from run to run. */
const VOLATILE = [
  'st_dev',
  'st_ino',
  'st_atime',
  'st_atime_nsec',
  'st_mtime',
  'st_mtime_nsec',
  'st_ctime',
  'st_ctime_nsec',
  'stx_ino',
  'stx_mnt_id',
  'stx_dev_major',
  'stx_dev_minor',
  'd_ino',
  'd_off',
  'f_blocks',
  'f_bfree',
  'f_bavail',
  'f_files',
  'f_ffree',
  'si_pid',
];
const VOLATILE_RE = new RegExp(`\\b(${VOLATILE.join('|')})=(?:0x[0-9a-f]+|-?\\d+)(?: /\\* [^*]* \\*/)?`, 'g');
/** Calls whose every number changes from run to run (clocks, usage counters): only their shape is compared. */
const ALL_VOLATILE = new Set([
  'time',
  'clock_gettime',
  'gettimeofday',
  'getrusage',
  'sysinfo',
  'times',
  'timerfd_settime',
  'timerfd_gettime',
]);

function normalize(name: string, line: string): string {
  const out = line
    .replace(VOLATILE_RE, '$1=N')
    .replace(/(stx_[abcm]time=)\{[^}]*\}(?: \/\* [^*]* \*\/)?/g, '$1T')
    .replace(/f_fsid=\{val=\[[^\]]*\]\}/g, 'f_fsid=F')
    .replace(/0x[0-9a-f]{6,}/g, 'ADDR')
    .replace(/^rt_sigqueueinfo\(\d+/, 'rt_sigqueueinfo(PID')
    .replace(/sigev_notify_thread_id=\d+/, 'sigev_notify_thread_id=PID')
    .replace(/ +=/, ' =')
    // times(): a tick count gets its seconds as a comment only when non-zero, which depends on the load
    .replace(/(tms_[a-z]+=\d+) \/\* [\d.]+ s \*\//g, '$1');
  return ALL_VOLATILE.has(name) ? out.replace(/\d+/g, 'N') : out;
}

/** The normalized lines of the named calls, in order; `pick` narrows a line to the part under test. */
function calls(trace: string, names: ReadonlySet<string>, pick: Readonly<Record<string, RegExp>>): string[] {
  const out: string[] = [];
  for (const line of trace.split('\n')) {
    const name = /^([a-z_0-9]+)\(/.exec(line)?.[1];
    if (name === undefined || !names.has(name)) continue;
    const re = pick[name];
    const part = re ? (re.exec(line)?.[0] ?? `<no match in ${line}>`) : line;
    out.push(`${name}: ${normalize(name, part)}`);
  }
  return out;
}

interface Case {
  readonly fixture: string;
  readonly names: readonly string[];
  /** Calls compared only in part: the regex's match (other engineers own the rest of the line). */
  readonly pick?: Readonly<Record<string, RegExp>>;
  /** Runs in an empty directory, passed as argv[1]. */
  readonly dir?: boolean;
  /** xlat tables the struct fields print with (file types, d_type, ...), owned by the xlat tables. */
  readonly tables: readonly string[];
}

const CASES: readonly Case[] = [
  {
    fixture: 'decode-files',
    dir: true,
    tables: ['file_mode_type', 'dirent_type', 'statx_attributes', 'fs_magic', 'statfs_flags'],
    names: [
      'stat',
      'fstat',
      'lstat',
      'newfstatat',
      'statx',
      'statfs',
      'fstatfs',
      'getdents',
      'getdents64',
      'utimes',
      'futimesat',
      'utime',
      'utimensat',
    ],
  },
  {
    fixture: 'decode-time',
    tables: ['sigev_notify'],
    names: [
      'clock_getres',
      'clock_gettime',
      'nanosleep',
      'clock_nanosleep',
      'gettimeofday',
      'time',
      'setitimer',
      'getitimer',
      'timerfd_settime',
      'timerfd_gettime',
      'getrlimit',
      'setrlimit',
      'prlimit64',
      'getrusage',
      'uname',
      'sysinfo',
      'times',
      'sched_rr_get_interval',
      'timer_create',
    ],
    pick: {
      // the remaining-time argument is decoded by nanosleep's own decoder; time's return comment likewise
      nanosleep: /^nanosleep\([^)]*?\}|^nanosleep\(0x[0-9a-f]+/,
      clock_nanosleep: /^clock_nanosleep\(.*?\}/,
      time: /^time\([^)]*\)/,
      getrusage: /\{.*\}/,
    },
  },
  {
    fixture: 'decode-signals',
    tables: ['sigaltstack_flags'],
    names: [
      'rt_sigaction',
      'rt_sigprocmask',
      'rt_sigpending',
      'rt_sigqueueinfo',
      'rt_sigtimedwait',
      'sigaltstack',
      'signalfd4',
      'pselect6',
      'ppoll',
      'waitid',
    ],
    pick: {
      pselect6: /\{tv_sec.*\}\)/,
      ppoll: /\{tv_sec.*, 8\)/,
      rt_sigtimedwait: /^.*\) += \d+/,
      waitid: /\{si_signo[^}]*\}|0x[0-9a-f]+, W/,
    },
  },
];

for (const c of CASES) {
  for (const verbose of [false, true]) {
    const missing = c.tables.filter((t) => lookupXlat(t) === undefined);
    const todo = missing.length > 0 ? { todo: `xlat tables not generated yet: ${missing.join(', ')}` } : {};
    test(`${c.fixture}${verbose ? ' -v' : ''}: struct arguments print as strace prints them`, todo, () => {
      const exe = fixture(c.fixture);
      const base = scratch();
      const flags = verbose ? ['-v'] : [];
      const args = (who: string): string[] => {
        if (!c.dir) return [];
        const d = join(base, who);
        mkdirSync(d);
        return [d];
      };
      const s = spawnSync('strace', [...flags, '-o', join(base, 's.txt'), '--', exe, ...args('s')]);
      assert.equal(s.status, 0, String(s.stderr));
      const r = runVat([...flags, '-o', join(base, 'v.txt'), '--', exe, ...args('v')]);
      assert.equal(r.status, 0, r.stderr);
      const names = new Set(c.names);
      const expected = calls(readFileSync(join(base, 's.txt'), 'utf8'), names, c.pick ?? {});
      const actual = calls(readFileSync(join(base, 'v.txt'), 'utf8'), names, c.pick ?? {});
      assert.ok(expected.length >= c.names.length, expected.join('\n'));
      assert.deepEqual(actual, expected);
    });
  }
}
