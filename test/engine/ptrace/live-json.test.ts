// --json's live path (engine/ptrace/live-json.ts: records written from a copy of the registers, without events)
// against the general path (VAT_LIVE_TEXT=off): the same records under the options that change how a call is
// written, for programs whose calls read strings and buffers, fail, fork, are killed inside a call and are restarted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_DECODE } from '../../../src/decode/options.js';
import { LiveJson } from '../../../src/engine/ptrace/live-json.js';
import { LiveText } from '../../../src/engine/ptrace/live-text.js';
import { jsonValueText } from '../../../src/format/json-value-text.js';
import { syscallByName } from '../../../src/tables/syscalls.js';
import { fixture, tempDir } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';

/** What differs between any two runs: the fixtures' polling (wait-state.h), random bytes, vat's own pid, and the
 * environment execve shows (VAT_LIVE_TEXT itself). */
const NOISE = 'trace=!open,pread64,close,nanosleep,clock_nanosleep,getrandom,getppid,execve';

/** One run's JSON Lines, with its exit status and stderr. */
function run(args: readonly string[], command: readonly string[], off: boolean) {
  const dir = tempDir('vat-live-json-');
  const out = join(dir, 't.jsonl');
  const env = { ...process.env, VAT_LIVE_TEXT: off ? 'off' : 'on' };
  // the subject is the ptrace engine's live path (VAT_LIVE_TEXT): pinned (the default may be eBPF)
  const r = runVat(
    ['--engine', 'ptrace', '--json', '-f', '-o', out, '-e', NOISE, ...args, '--', ...command],
    {
      env,
    },
  );
  return { status: r.status, stderr: r.stderr, text: readFileSync(out, 'utf8') };
}

/**
 * Each run's records, times, pids and addresses masked, sorted (processes interleave from run to run). A pid of
 * either run is masked in both, wherever it stands as a number (fork's result, kill's argument): masked in one
 * run only, a pid equal to a size in the other (4096 and mmap's 0x1000) made the two differ.
 */
function maskedRecords(texts: readonly string[]): string[][] {
  const pids = new Set(
    texts.flatMap((t) => [...t.matchAll(/"(?:pid|tid)":(\d+)/g)].map((m) => m[1] as string)),
  );
  return texts.map((raw) => {
    let text = raw
      .replace(/"(ts|dur)":\d+/g, '"$1":T')
      .replace(/0x[0-9a-f]{9,}/g, 'A')
      .replace(/(?<![0-9])\d{10,}/g, 'A');
    for (const pid of pids)
      text = text
        .replace(new RegExp(`(?<![0-9a-fx])${pid}(?![0-9])`, 'g'), 'P')
        .replace(new RegExp(`0x${Number(pid).toString(16)}(?![0-9a-f])`, 'g'), 'P');
    return text.trim().split('\n').sort();
  });
}

const commands: { name: string; command: () => string[] }[] = [
  { name: 'files: paths, buffers, stat, failures', command: () => [fixture('decode-files')] },
  { name: 'calls failing on bad input', command: () => [fixture('failed-inputs')] },
  // wait4's status, getrlimit's struct, fcntl, rt_sigaction, rt_sigprocmask, prlimit64 and kill are written live
  { name: 'hooked and entry structs', command: () => [fixture('live-hooks')] },
  { name: 'forks and exits', command: () => [fixture('fork-tree'), '6'] },
  { name: 'a tracee killed inside read', command: () => [fixture('killed-read')] },
  { name: 'a signal delivered, restart_syscall', command: () => [fixture('restart')] },
];

const options: readonly (readonly string[])[] = [
  [],
  ['-s', '4', '-x'],
  ['-v', '-T'],
  ['-e', 'trace=read,write,openat,newfstatat,exit_group', '-qq'],
];

for (const c of commands)
  test(`live json: ${c.name}, the same records as through events`, () => {
    const command = c.command();
    for (const args of options) {
      const live = run(args, command, false);
      const events = run(args, command, true);
      assert.equal(live.status, events.status, live.stderr);
      assert.equal(live.stderr, events.stderr, args.join(' '));
      const [liveLines, eventLines] = maskedRecords([live.text, events.text]) as [string[], string[]];
      assert.ok(eventLines.length > 3, `${args.join(' ')}: ${eventLines.join('\n')}`);
      assert.deepEqual(liveLines, eventLines, args.join(' '));
    }
  });

test('live json: the stat family, fcntl (its hooks), signals and entry structs take the path, with and without -v', () => {
  const mem = { read: () => undefined, readString: () => undefined };
  for (const verbose of [false, true]) {
    const o = { ...DEFAULT_DECODE, verbose };
    const text = new LiveText(o, mem);
    const json = new LiveJson(o, mem, jsonValueText, (nr) => text.plan(nr));
    const calls = ['newfstatat', 'fstat', 'stat', 'lstat', 'fcntl', 'write', 'openat'];
    // make's: in(STRUCT), signal sets and signal numbers
    calls.push('rt_sigaction', 'rt_sigprocmask', 'rt_sigpending', 'prlimit64', 'setrlimit', 'kill');
    for (const name of calls) {
      const plan = json.plan(syscallByName('x86_64', name)?.nr ?? -1);
      assert.ok(plan, `${name}${verbose ? ' -v' : ''}`);
      assert.equal(plan.hook !== undefined, name === 'fcntl', name);
    }
  }
});
