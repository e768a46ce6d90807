// How long a sleeping thread has not run: the scheduler's exec_start against "now" on the same clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockOn, execStart, sinceLastRan } from '../../src/analyze/stuck/sched-clock.js';

test('stuck clock: exec_start 0 (reset by a migration while queued) is unknown, not the uptime', () => {
  const now = clockOn(undefined, new Map());
  assert.ok(now !== undefined && now > 0, `this thread's scheduler clock: ${now}`);
  // the value a migrated thread that has not run since shows in /proc/PID/task/TID/sched (seen on a blocked
  // puzzle-blocked about once in 400 starts at load): against "now" it was the time since boot
  assert.equal(sinceLastRan(0, now), null);
  assert.equal(sinceLastRan(undefined, now), null);
  // a real exec_start, our own thread's, read again after "now": as good as no time
  const mine = execStart('thread-self', 'sched');
  assert.ok(mine !== undefined && mine > 0);
  const since = sinceLastRan(now, mine);
  assert.ok(since !== null && since < 60_000, `since: ${since}`);
});
