// Compiled seccomp filters loaded into the running kernel (test/fixtures/bpf-load.c): allowed calls run,
// refused ones fail with the policy's errno or kill the process, and x32 / i386 entries are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ALLOW,
  compileSeccomp,
  errnoAction,
  KILL_PROCESS,
  LOG,
  type SeccompAction,
  type SeccompPolicy,
  type SyscallActions,
  type SyscallRule,
  traceAction,
  trapAction,
  USER_NOTIF,
} from '../../src/bpf/index.js';
import { XLAT } from '../../src/tables/generated/xlat.js';
import {
  type CallOutcome,
  errno,
  i386,
  kernelCanFilter,
  loadAndCall,
  native,
  nrOf,
  SIGSYS,
  x32,
} from '../helpers/bpf-kernel.js';
import { ia32Available, needsIa32 } from '../helpers/fixtures.js';

const skip = !kernelCanFilter() && 'needs gcc and seccomp filters';
const nr = (name: string): number => nrOf('x86_64', name);
const nr32 = (name: string): number => nrOf('i386', name);
const AF = Object.fromEntries(XLAT.socket_domain.values) as Record<string, number>;
const SOCK_STREAM = Object.fromEntries(XLAT.socket_type_base.values).SOCK_STREAM as number;

/** Distinct errnos, so each outcome says which branch of the filter the kernel took. */
const REFUSED = errnoAction('EPERM');
const FOREIGN = errnoAction('EAFNOSUPPORT');
const X32 = errnoAction('EXDEV');

const policy = (syscalls: SyscallActions, over: Partial<SeccompPolicy> = {}): SeccompPolicy => ({
  arch: 'x86_64',
  syscalls,
  defaultAction: REFUSED,
  foreignArchAction: FOREIGN,
  x32Action: X32,
  ...over,
});

const ran = (o: CallOutcome | undefined): boolean => o?.kind === 'ret' && o.value >= 0;
const failed = (o: CallOutcome | undefined, name: string): void =>
  assert.deepEqual(o, { kind: 'err', errno: errno(name) });

test('allow-list with an ERRNO default: listed calls run, others fail, x32 and i386 are refused', {
  skip,
}, () => {
  const program = compileSeccomp(
    policy(new Set([nr('getpid'), nr('getppid'), nr('write'), nr('exit_group')])),
  );
  const r = loadAndCall(program, [
    native(nr('getpid')),
    native(nr('getppid')),
    native(nr('write'), -1, 0, 0),
    native(nr('getuid')),
    native(nr('socket'), AF.AF_UNIX ?? 0, SOCK_STREAM, 0),
    x32(nr('getpid')),
    ...(ia32Available() ? [i386(nr32('getpid'))] : []),
  ]);
  assert.ok(r.loaded);
  assert.ok(ran(r.calls[0]) && ran(r.calls[1]), JSON.stringify(r.calls));
  failed(r.calls[2], 'EBADF'); // allowed: the kernel ran write(-1) and refused the descriptor
  failed(r.calls[3], 'EPERM');
  failed(r.calls[4], 'EPERM');
  failed(r.calls[5], 'EXDEV');
  if (ia32Available()) failed(r.calls[6], 'EAFNOSUPPORT');
  assert.equal(r.exit, 0);
});

test('KILL_PROCESS default: the first unlisted call kills the process with SIGSYS', { skip }, () => {
  const program = compileSeccomp(
    policy(new Set([nr('getpid'), nr('exit_group')]), { defaultAction: KILL_PROCESS }),
  );
  const r = loadAndCall(program, [native(nr('getpid')), native(nr('getuid')), native(nr('getpid'))]);
  assert.ok(ran(r.calls[0]));
  assert.deepEqual(r.calls.slice(1), [{ kind: 'died' }, { kind: 'not reached' }]);
  assert.equal(r.signal, SIGSYS);
});

for (const [abi, call] of [
  ['x32', x32(nr('getpid'))],
  ['i386', i386(nr32('getpid'))],
] as const) {
  const why = abi === 'i386' ? skip || needsIa32() : skip;
  test(`a ${abi} call is killed even when its number is allowed natively`, { skip: why }, () => {
    const program = compileSeccomp(
      policy(new Set([nr('getpid'), nr('exit_group')]), {
        x32Action: KILL_PROCESS,
        foreignArchAction: KILL_PROCESS,
      }),
    );
    const r = loadAndCall(program, [native(nr('getpid')), call]);
    assert.ok(ran(r.calls[0]));
    assert.deepEqual(r.calls[1], { kind: 'died' });
    assert.equal(r.signal, SIGSYS);
  });
}

test('TRACE: ENOSYS without a tracer; with one, a seccomp stop carrying the data, then the call runs', {
  skip,
}, () => {
  const program = compileSeccomp(
    policy(new Map([[nr('getppid'), traceAction(42)]]), { defaultAction: ALLOW, x32Action: traceAction(7) }),
  );
  const calls = [native(nr('getpid')), native(nr('getppid')), x32(nr('getpid'))];
  const alone = loadAndCall(program, calls);
  assert.ok(ran(alone.calls[0]));
  failed(alone.calls[1], 'ENOSYS');
  failed(alone.calls[2], 'ENOSYS');
  const traced = loadAndCall(program, calls, { trace: true });
  assert.ok(ran(traced.calls[0]) && ran(traced.calls[1]), JSON.stringify(traced.calls));
  assert.deepEqual(traced.traces, [
    { call: 1, data: 42 },
    { call: 2, data: 7 },
  ]);
  // The x32 call goes on after its stop: it runs where the kernel has the x32 ABI, else ENOSYS.
  const last = traced.calls[2];
  assert.ok(ran(last) || (last?.kind === 'err' && last.errno === errno('ENOSYS')), JSON.stringify(last));
  assert.equal(traced.exit, 0);
});

test('LOG runs the call; USER_NOTIF without a listener fails with ENOSYS; TRAP raises SIGSYS', {
  skip,
}, () => {
  const actions = new Map<number, SeccompAction>([
    [nr('getpid'), LOG],
    [nr('getppid'), USER_NOTIF],
    [nr('getuid'), trapAction(3)],
  ]);
  const program = compileSeccomp(policy(actions, { defaultAction: ALLOW }));
  const r = loadAndCall(program, [native(nr('getpid')), native(nr('getppid')), native(nr('getuid'))]);
  assert.ok(ran(r.calls[0]));
  failed(r.calls[1], 'ENOSYS');
  assert.deepEqual(r.calls[2], { kind: 'died' });
  assert.equal(r.signal, SIGSYS);
});

test('argument rule: socket(domain == AF_UNIX || AF_INET), 64-bit and int-width compares', { skip }, () => {
  const socket = nr('socket');
  const calls = [
    native(socket, AF.AF_UNIX ?? 0, SOCK_STREAM, 0),
    native(socket, AF.AF_INET ?? 0, SOCK_STREAM, 0),
    native(socket, AF.AF_INET6 ?? 0, SOCK_STREAM, 0),
    // AF_UNIX in the low word, garbage in the high word: the kernel truncates `int domain`.
    native(socket, `0x${(0x1_0000_0000 + (AF.AF_UNIX ?? 0)).toString(16)}`, SOCK_STREAM, 0),
  ];
  for (const width of [64, 32] as const) {
    const when = { arg: 0, anyOf: [AF.AF_UNIX ?? 0, AF.AF_INET ?? 0], width };
    const syscalls = new Map<number, SeccompAction | SyscallRule>([
      [socket, { when, action: ALLOW, otherwise: errnoAction('EACCES') }],
      [nr('exit_group'), ALLOW],
    ]);
    const r = loadAndCall(compileSeccomp(policy(syscalls)), calls);
    assert.ok(ran(r.calls[0]) && ran(r.calls[1]), `${width}: ${JSON.stringify(r.calls)}`);
    failed(r.calls[2], 'EACCES');
    if (width === 64) failed(r.calls[3], 'EACCES');
    else assert.ok(ran(r.calls[3]), 'a 32-bit rule looks at the int the kernel sees');
  }
});

test('an i386 section: i386 numbers are matched on their own table', { skip: skip || needsIa32() }, () => {
  const program = compileSeccomp(
    policy(new Set([nr('exit_group')]), {
      i386: { syscalls: new Set([nr32('getpid')]), defaultAction: errnoAction('EROFS') },
    }),
  );
  const r = loadAndCall(program, [
    i386(nr32('getpid')),
    i386(nr32('getppid')),
    native(nr('getpid')),
    x32(nr('getpid')),
  ]);
  assert.ok(ran(r.calls[0]));
  failed(r.calls[1], 'EROFS');
  failed(r.calls[2], 'EPERM');
  failed(r.calls[3], 'EXDEV');
});
