// The engine conformance suite: every engine (ptrace today, eBPF later) must pass these on real programs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test as nodeTest } from 'node:test';
import { DEFAULT_DECODE } from '../../src/decode/options.js';
import type { Engine, TraceConfig } from '../../src/engine/engine.js';
import type { SyscallEnter, SyscallExit, TraceEvent } from '../../src/model/events.js';
import { fixture, scratch } from '../helpers/fixtures.js';

async function trace(engine: Engine, command: string[], extra: Partial<TraceConfig> = {}) {
  const events: TraceEvent[] = [];
  const outcome = await engine.run(
    {
      command,
      commandPath: command[0] as string,
      attach: [],
      followForks: false,
      decode: DEFAULT_DECODE,
      ...extra,
    },
    (batch) => events.push(...batch),
  );
  return { events, outcome };
}

const exits = (events: readonly TraceEvent[]): SyscallExit[] =>
  events.filter((e): e is SyscallExit => e.type === 'exit');
const enters = (events: readonly TraceEvent[]): SyscallEnter[] =>
  events.filter((e): e is SyscallEnter => e.type === 'enter');

/** Cases an engine cannot support by nature, each with the reason (the test is then listed as skipped). */
export type Unsupported = Readonly<Partial<Record<CaseKey, string>>>;
type CaseKey =
  | 'execve-on'
  | 'pairs'
  | 'ordered'
  | 'follow'
  | 'no-follow'
  | 'killed'
  | 'killed-in-call'
  | 'thread-exec'
  | 'filter'
  | 'fd-paths-filtered'
  | 'fd-kinds'
  | 'sigchld';

export function engineConformance(name: string, make: () => Engine, unsupported: Unsupported = {}): void {
  const test = (title: string, key: CaseKey, fn: () => Promise<void>): void => {
    const reason = unsupported[key];
    nodeTest(title, reason === undefined ? {} : { skip: reason }, fn);
  };
  test(`${name}: shows calls from execve on, with results, errno and exit status`, 'execve-on', async () => {
    const exe = fixture('exact-calls');
    const { events, outcome } = await trace(make(), [exe]);
    assert.equal(outcome.status, 7);
    const first = enters(events)[0];
    assert.equal(first?.name, 'execve', 'the first event is the command execve');
    const byName = new Map(exits(events).map((e) => [e.name, e]));
    assert.equal(byName.get('write')?.errno, 9, 'write(-1) fails EBADF');
    assert.equal(byName.get('openat')?.errno, 2, 'openat fails ENOENT');
    assert.equal(byName.get('close')?.errno, 9);
    assert.equal(byName.get('kill')?.ret, 0n);
    const last = events.at(-1);
    assert.deepEqual(last && last.type === 'exited' ? last.code : undefined, 7);
    const groupExit = events.find((e) => e.type === 'exit' && e.name === 'exit_group') as
      | SyscallExit
      | undefined;
    assert.equal(groupExit?.ret, undefined, 'exit_group never returns: = ?');
  });

  // one process; a parent in wait4 while its child runs; a parent blocked there 300 ms (shown as blocked)
  const orderCases = [
    ['exact-calls', false],
    ['fork-wait', true],
    ['filter-wait', true],
  ] as const;

  test(`${name}: entries and exits pair up per thread`, 'pairs', async () => {
    for (const [cmd, followForks] of orderCases) {
      const { events } = await trace(make(), [fixture(cmd)], { followForks });
      const open = new Map<number, string>();
      for (const e of events) {
        if (e.type === 'enter') {
          assert.equal(open.has(e.pid), false, `${cmd}: no entry while another call of the thread is open`);
          open.set(e.pid, e.name);
        } else if (e.type === 'exit') {
          assert.equal(open.get(e.pid), e.name, `${cmd}: ${e.name} exits after its entry`);
          open.delete(e.pid);
        }
      }
    }
  });

  test(`${name}: events come in timestamp order`, 'ordered', async () => {
    for (const [cmd, followForks] of orderCases) {
      const { events } = await trace(make(), [fixture(cmd)], { followForks });
      let lastTs = 0n;
      for (const e of events) {
        assert.ok(
          e.ts >= lastTs,
          `${cmd}: timestamps never go back (${e.type} ${'name' in e ? e.name : ''})`,
        );
        lastTs = e.ts;
      }
    }
  });

  test(`${name}: follows forks with -f and reports the child's exit`, 'follow', async () => {
    const { events, outcome } = await trace(make(), [fixture('fork-wait')], { followForks: true });
    assert.equal(outcome.status, 0);
    const pids = new Set(events.map((e) => e.pid));
    assert.equal(pids.size, 2, 'parent and child');
    const childExit = events.find((e) => e.type === 'exited' && e.code === 3);
    assert.ok(childExit, 'the child exits 3');
    assert.ok(
      enters(events).some((e) => e.pid === childExit?.pid && e.name === 'getppid'),
      'child calls are traced',
    );
  });

  test(`${name}: the parent gets SIGCHLD (default disposition)`, 'sigchld', async () => {
    const { events } = await trace(make(), [fixture('fork-wait')], { followForks: true });
    assert.ok(
      events.some((e) => e.type === 'signal' && e.signo === 17),
      'the parent gets SIGCHLD',
    );
  });

  test(`${name}: without -f the child is not traced`, 'no-follow', async () => {
    const { events } = await trace(make(), [fixture('fork-wait')]);
    assert.equal(new Set(events.map((e) => e.pid)).size, 1);
  });

  test(`${name}: a command killed by a signal is reported as killed`, 'killed', async () => {
    const { events, outcome } = await trace(make(), [fixture('self-kill'), '9']);
    assert.equal(outcome.killedBy, 9);
    const last = events.at(-1);
    assert.equal(last?.type === 'exited' ? last.signo : undefined, 9);
  });

  test(
    `${name}: a thread killed inside a call: its exit comes with no result, then the kill`,
    'killed-in-call',
    async () => {
      const { events, outcome } = await trace(make(), [fixture('killed-read')]);
      assert.equal(outcome.killedBy, 9);
      const [exit, end] = events.slice(-2);
      assert.equal(
        exit?.type === 'exit' ? `${exit.name} ${exit.ret} ${exit.lostArgs}` : undefined,
        'read undefined true',
      );
      assert.equal(end?.type === 'exited' ? end.signo : undefined, 9);
    },
  );

  test(
    `${name}: exec from a non-leader thread: an exec event, then execve returns under the leader's id`,
    'thread-exec',
    async () => {
      const { events, outcome } = await trace(make(), [fixture('thread-exec', ['-pthread'])], {
        followForks: true,
      });
      assert.equal(outcome.status, 5);
      const at = events.findIndex((e) => e.type === 'exec');
      const exec = events[at];
      assert.ok(exec?.type === 'exec' && exec.oldPid !== exec.pid);
      const next = events.slice(at + 1).find((e) => e.pid === exec.pid && e.type === 'exit');
      assert.equal(next?.type === 'exit' ? `${next.name} ${next.ret}` : undefined, 'execve 0');
      const leaderLost = events
        .slice(0, at)
        .find((e) => e.type === 'exit' && e.pid === exec.pid && e.name === 'pause');
      assert.equal(
        leaderLost?.type === 'exit' ? leaderLost.ret : 'none',
        undefined,
        'the leader died in pause: = ?',
      );
    },
  );

  test(`${name}: a trace filter reports only the selected calls`, 'filter', async () => {
    const { events } = await trace(make(), [fixture('exact-calls')], { traceSet: ['openat', 'close'] });
    const names = new Set(enters(events).map((e) => e.name));
    assert.deepEqual([...names].sort(), ['close', 'openat']);
  });

  // -y decodes fds as they were at the call: the calls that changed them (open, F_DUPFD, dup2, close) count even
  // when -e trace= leaves them out (the eBPF engine decodes after the fact, from each process's fds as it followed them)
  test(
    `${name}: -y with a trace filter: fds named after untraced opens, dups and closes`,
    'fd-paths-filtered',
    async () => {
      const dir = realpathSync(scratch());
      after(() => rmSync(dir, { recursive: true, force: true }));
      const file = join(dir, 'f');
      // for each echo, sh saves fd 1 with F_DUPFD, dup2s the target onto 1, writes, then restores fd 1
      const script = `echo x >/dev/null; exec 3>${file}; echo y >&3; exec 4>&3 3>&-; echo z >&4; cd ${dir} && exec 5>g && echo w >&5`;
      const { events, outcome } = await trace(make(), ['/bin/sh', '-c', script], {
        traceSet: ['write'],
        decode: { ...DEFAULT_DECODE, yflag: 1 },
      });
      assert.equal(outcome.status, 0);
      const named = enters(events)
        .filter((e) => e.name === 'write')
        .map((e) => {
          const fd = e.args[0];
          return fd?.k === 'fd' ? `${fd.fd}<${fd.path ?? ''}>` : String(fd?.k);
        });
      assert.deepEqual(named, ['1</dev/null>', `1<${file}>`, `1<${file}>`, `1<${join(dir, 'g')}>`]);
    },
  );

  // pipes and sockets have no path /proc can give once they are closed: named as strace names them even when the
  // calls that made them (pipe2, socketpair, socket) are outside -e trace=
  test(`${name}: -y names pipes and sockets made by untraced calls, as strace -y`, 'fd-kinds', async () => {
    const exe = fixture('fd-kinds');
    const { events, outcome } = await trace(make(), [exe], {
      traceSet: ['write', 'close'],
      decode: { ...DEFAULT_DECODE, yflag: 1 },
    });
    assert.equal(outcome.status, 0);
    const ours = enters(events).map((e) => {
      const fd = e.args[0];
      return `${e.name}(${fd?.k === 'fd' ? `${fd.fd}<${fd.path ?? ''}>` : String(fd?.k)}`;
    });
    const strace = spawnSync('strace', ['-y', '-e', 'trace=write,close', exe], { encoding: 'utf8' }).stderr;
    const theirs = strace.split('\n').flatMap((l) => /^((?:write|close)\(\d+<[^>]*>)/.exec(l)?.[1] ?? []);
    // inode numbers differ between runs: each becomes the order it first appears in
    const shape = (lines: string[]): string[] => {
      const seen = new Map<string, number>();
      return lines.map((l) =>
        l.replace(/:\[(\d+)\]/, (_, n: string) => `:[#${seen.get(n) ?? seen.set(n, seen.size).size - 1}]`),
      );
    };
    assert.equal(ours.filter((l) => l.includes('pipe:[')).length, 3);
    assert.equal(ours.filter((l) => l.includes('socket:[')).length, 4);
    assert.deepEqual(shape(ours), shape(theirs));
  });
}
