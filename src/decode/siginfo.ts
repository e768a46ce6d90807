// siginfo_t as strace prints it in signal lines: `{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1, ...}`.
import { hex, int, ptr, sym, type Value } from '../model/value.js';
import { SI_CODES } from '../tables/generated/siginfo-codes.js';
import { signalByName, signalName } from '../tables/signals.js';

/** si_code names by family: positive codes mean different things per signal; SI_* (<= 0, and SI_KERNEL) are shared. */
const families = new Map<string, Map<number, string>>();
for (const [name, value] of SI_CODES) {
  const family = name.slice(0, name.indexOf('_'));
  if (name === 'TRAP_PERF_FLAG_ASYNC') continue;
  const m = families.get(family) ?? new Map<number, string>();
  families.set(family, m);
  if (!m.has(value)) m.set(value, name);
}

const s = (n: string): number => signalByName(n)?.value ?? -1;
const FAMILY_OF: ReadonlyMap<number, string> = new Map([
  [s('CHLD'), 'CLD'],
  [s('SEGV'), 'SEGV'],
  [s('BUS'), 'BUS'],
  [s('ILL'), 'ILL'],
  [s('FPE'), 'FPE'],
  [s('TRAP'), 'TRAP'],
  [s('POLL'), 'POLL'],
  [s('SYS'), 'SYS'],
]);
const FAULTS = new Set(['SEGV', 'BUS', 'ILL', 'FPE']);

function codeName(signo: number, code: number): string | undefined {
  const shared = families.get('SI')?.get(code);
  if (code <= 0 || shared === 'SI_KERNEL') return shared;
  const family = FAMILY_OF.get(signo);
  return family ? families.get(family)?.get(code) : undefined;
}

/** Decodes the 128-byte siginfo_t that PTRACE_GETSIGINFO filled. */
export function decodeSiginfo(v: DataView): Value {
  const signo = v.getInt32(0, true);
  const code = v.getInt32(8, true);
  const name = codeName(signo, code);
  const fields: [string, Value][] = [
    ['si_signo', sym(signalName(signo))],
    ['si_code', name ? sym(name) : int(code)],
  ];
  const family = FAMILY_OF.get(signo);
  const pidUid = (): void => {
    fields.push(['si_pid', int(v.getInt32(16, true))], ['si_uid', int(v.getUint32(20, true))]);
  };
  if (code <= 0 && code !== -2) {
    pidUid();
    if (code === -1)
      fields.push(['si_int', int(v.getInt32(24, true))], ['si_ptr', ptr(v.getBigUint64(24, true))]);
  } else if (code === -2) {
    fields.push(
      ['si_timerid', hex(v.getInt32(16, true))],
      ['si_overrun', int(v.getInt32(20, true))],
      ['si_int', int(v.getInt32(24, true))],
      ['si_ptr', ptr(v.getBigUint64(24, true))],
    );
  } else if (family === 'CLD' && name) {
    pidUid();
    const status = v.getInt32(24, true);
    const killed =
      name === 'CLD_KILLED' || name === 'CLD_DUMPED' || name === 'CLD_STOPPED' || name === 'CLD_TRAPPED';
    fields.push(
      ['si_status', killed ? sym(signalName(status)) : int(status)],
      ['si_utime', int(v.getBigInt64(32, true))],
      ['si_stime', int(v.getBigInt64(40, true))],
    );
  } else if ((family && FAULTS.has(family)) || name === 'SI_KERNEL') {
    fields.push(['si_addr', ptr(v.getBigUint64(16, true))]);
  } else if (family === 'POLL') {
    fields.push(['si_band', int(v.getBigInt64(16, true))], ['si_fd', int(v.getInt32(24, true))]);
  } else if (family === 'SYS') {
    fields.push(['si_call_addr', ptr(v.getBigUint64(16, true))], ['si_syscall', int(v.getInt32(24, true))]);
  }
  return { k: 'struct', fields };
}
