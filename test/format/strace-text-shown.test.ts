// -P out of the formatter: the strace-text formatter prints what it is told is shown, and the decisions come
// from a CallSelector outside it (here after the run, from its fd table: no /proc read by the formatter).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DECODE } from '../../src/decode/options.js';
import { PtraceEngine } from '../../src/engine/ptrace/ptrace-engine.js';
import { CallSelector } from '../../src/filter/path-trace.js';
import { StraceTextFormatter, type StraceTextOptions } from '../../src/format/strace-text.js';
import type { TraceEvent } from '../../src/model/events.js';

const OPTIONS: StraceTextOptions = {
  toFile: true,
  followForks: false,
  perProcess: false,
  xflag: 0,
  quiet: [],
};

async function events(command: string[]): Promise<TraceEvent[]> {
  const out: TraceEvent[] = [];
  await new PtraceEngine().run(
    { command, commandPath: command[0] as string, attach: [], followForks: false, decode: DEFAULT_DECODE },
    (batch) => out.push(...batch),
  );
  return out;
}

function text(list: readonly TraceEvent[], shown: (e: TraceEvent) => boolean): string[] {
  const fmt = new StraceTextFormatter(OPTIONS);
  let out = '';
  for (const e of list) out += fmt.format(e, shown(e));
  out += fmt.finish();
  return out.split('\n').filter(Boolean);
}

test('the formatter prints the calls it is told are shown, and every other line as before', async () => {
  const list = await events(['/bin/cat', '/etc/hostname']);
  const all = text(list, () => true);
  const sel = new CallSelector({ paths: ['/etc/hostname'] });
  const picked = text(list, (e) =>
    e.type === 'enter' ? sel.enter(e) : e.type === 'exit' ? sel.exit(e) : true,
  );
  // the open of the file and the calls on its fd (from the selector's table: the process is gone)
  assert.ok(
    picked.some((l) => l.startsWith('openat(AT_FDCWD, "/etc/hostname"')),
    picked.join('\n'),
  );
  assert.ok(
    picked.some((l) => l.startsWith('read(3,')),
    picked.join('\n'),
  );
  assert.ok(!picked.some((l) => l.startsWith('execve(')), 'a call on no selected path is not shown');
  // what is shown is the same lines as without -P, in the same order
  let at = 0;
  for (const line of picked) {
    at = all.indexOf(line, at);
    assert.ok(at >= 0, `a line of the full trace: ${line}`);
  }
  // nothing shown: only the lines that are not calls (the exit)
  assert.deepEqual(
    text(list, (e) => e.type !== 'enter' && e.type !== 'exit'),
    ['+++ exited with 0 +++'],
  );
});
