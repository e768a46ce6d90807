// The analyses' reader of plain call lines (import/line-call.ts: a Call straight from its line, arguments read
// when asked for) against the general path (events joined by the CallJoiner): the same steps, in the same order,
// for lines of every shape and a -f log's threads, forks, unfinished calls, exec and signals.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { argCount, argOf, LineCall } from '../../src/import/line-call.js';
import { type Step, straceLogTrace } from '../../src/import/trace-steps.js';
import { valueText } from '../../src/model/value-text.js';
import { scratch } from '../helpers/fixtures.js';
import { F_LOG, shapeLogs } from '../helpers/log-shapes.js';

/** A step as plain data: a Call's fields (its arguments all read), without the keys left undefined. */
function plain(s: Step): Record<string, unknown> {
  if (s.type === 'event') return { ...s };
  const out: Record<string, unknown> = {};
  for (const k of [
    'type',
    'pid',
    'tid',
    'nr',
    'name',
    'abi',
    'raw',
    'args',
    'ts',
    'end',
    'resumed',
    'duration',
    'ret',
    'errno',
    'retValue',
    'retDetail',
    'stack',
    'tamper',
  ] as const)
    if (s[k] !== undefined) out[k] = s[k];
  return out;
}

/** The steps of a log read both ways, and how many calls came from their lines. */
async function bothWays(log: string): Promise<{ general: Step[]; lines: Step[]; fromLines: number }> {
  const general: Step[] = [];
  const lines: Step[] = [];
  await straceLogTrace([log], 'files', false).each((s) => general.push(s));
  let fromLines = 0;
  await straceLogTrace([log], 'files').each((s) => {
    if (s instanceof LineCall) {
      fromLines++;
      // the line's text as advise's key: its values printed back (strace-values.ts's round trip)
      const printed = s.args.map((v) => valueText(v, { xflag: 0 })).join(', ');
      assert.equal(s.argsText(), printed);
      // one at a time, as the analyses ask: the same values as the whole list
      for (let i = 0; i < argCount(s) + 1; i++) assert.deepEqual(argOf(s, i), s.args[i]);
    }
    lines.push(s);
  });
  return { general, lines, fromLines };
}

test('lines of every shape: the same calls either way', async () => {
  for (const [name, log] of shapeLogs()) {
    const both = await bothWays(log);
    assert.ok(both.fromLines >= 20, `${name}: ${both.fromLines} calls from their lines`);
    assert.deepEqual(both.lines.map(plain), both.general.map(plain), name);
  }
});

test('a -f log: the same steps either way', async () => {
  const log = join(scratch(), 'f.log');
  writeFileSync(log, F_LOG.join('\n'));
  const both = await bothWays(log);
  assert.ok(both.fromLines >= 3, `${both.fromLines} calls from their lines`);
  assert.deepEqual(both.lines.map(plain), both.general.map(plain));
});
