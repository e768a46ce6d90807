// The signature mini-language: `name:kind, name:kind(param) -> retkind`, parsed once into typed arguments.

/** How an argument is shown; the decoder picks a reader per kind, the formatter prints the value. */
const ARG_KINDS = {
  int: 'signed int, decimal',
  uint: 'unsigned int, decimal',
  long: 'signed long, decimal',
  ulong: 'unsigned long, decimal',
  hex: 'integer shown in hex',
  octal: 'integer shown in octal as a 16-bit umode_t (mode_t, umask)',
  ptr: 'address shown as hex, NULL for 0; not followed',
  size: 'size_t, decimal',
  off: 'loff_t/off_t, decimal',
  fd: 'file descriptor (-y adds its path)',
  dirfd: 'directory fd: AT_FDCWD or an fd',
  pid: 'process or thread id',
  pgid: 'process group id (--decode-pids=pidns translates it as a group)',
  uid: 'user id (-1 shown as -1)',
  gid: 'group id (-1 shown as -1)',
  signal: 'signal number, by name',
  path: 'pointer to a NUL-terminated path, read at entry',
  str: 'pointer to a NUL-terminated string, read at entry',
  ostr: 'pointer to a path the kernel fills (param: "ret", its length), read at exit, shown whole as strace does',
  ibuf: 'pointer to bytes the caller gives (param: length argument), read at entry',
  obuf: 'pointer to bytes the kernel fills (param: length argument), read at exit up to the return value',
  flags: 'bit flags from an xlat table (param: table name)',
  enum: 'one value from an xlat table (param: table name)',
  in: 'pointer to a struct read at entry (param: struct name)',
  out: 'pointer to a struct the kernel fills, read at exit (param: struct name)',
  inout: 'pointer to a struct read at entry and at exit (param: struct name)',
  iovec: 'pointer to an iovec array given by the caller (param: count argument)',
  oiovec: 'pointer to an iovec array the kernel fills (param: count argument)',
  sigset: 'pointer to a signal set (param: size argument)',
  osigset: 'pointer to a signal set the kernel fills (param: size argument)',
  argv: 'pointer to a NULL-terminated array of strings (execve argv)',
  envp: 'pointer to a NULL-terminated array of strings (execve envp, abbreviated)',
  fdpair: 'pointer to int[2] the kernel fills (pipe, socketpair)',
  custom: 'decoded by a syscall-specific decoder (param: decoder name)',
  frame: "not a register: read from the stack at entry (param: what), as rt_sigreturn's saved mask",
} as const;
export type ArgKind = keyof typeof ARG_KINDS;

/** How the return value is shown. */
const RET_KINDS = {
  int: 'decimal (default)',
  udec: "unsigned decimal (strace's RVAL_UDECIMAL, for calls that never fail: getuid, setfsuid)",
  fd: 'a new file descriptor',
  hex: 'hex address (mmap, brk, shmat)',
  pid: 'a process or thread id (-Y names it)',
  pgid: 'a process group id (--decode-pids=pidns translates it as a group)',
  sid: 'a session id (--decode-pids=pidns translates it as a session)',
  none: 'the call does not return on success (exit, execve)',
  flags: 'hex, followed by its bit flags (param: table name): `0x40000 (PER_LINUX|ADDR_NO_RANDOMIZE)`',
  enum: 'decimal, followed by its name when the table (param) has one: `0 (SCHED_OTHER)`',
  octal: 'octal (umask)',
  time: 'decimal seconds since the epoch, followed by their date: `1700000000 (2023-11-14T22:13:20+0000)`',
  signal: 'a signal number, followed by its name when not 0: `14 (SIGALRM)` (rt_sigtimedwait)',
} as const;
type RetKind = keyof typeof RET_KINDS;

export interface SignatureArg {
  readonly name: string;
  readonly kind: ArgKind;
  readonly param?: string;
}

export interface Signature {
  readonly args: readonly SignatureArg[];
  readonly ret: RetKind;
  readonly retParam?: string;
}

const ITEM = /^([a-z_][a-z0-9_]*):([a-z]+)(?:\(([A-Za-z0-9_]+)\))?$/;

/** Parses one signature string; throws on a kind the table does not know (the tables test calls this for every row). */
export function parseSignature(text: string): Signature {
  const [argText = '', retText] = text.split('->').map((s) => s.trim());
  const args: SignatureArg[] = [];
  for (const item of argText === '' ? [] : argText.split(',')) {
    const m = ITEM.exec(item.trim());
    if (!m?.[1] || !m[2]) throw new Error(`bad signature item '${item.trim()}' in '${text}'`);
    if (!(m[2] in ARG_KINDS)) throw new Error(`unknown argument kind '${m[2]}' in '${text}'`);
    args.push(
      m[3] === undefined
        ? { name: m[1], kind: m[2] as ArgKind }
        : { name: m[1], kind: m[2] as ArgKind, param: m[3] },
    );
  }
  if (retText === undefined) return { args, ret: 'int' };
  const r = /^([a-z]+)(?:\(([A-Za-z0-9_]+)\))?$/.exec(retText);
  if (!r?.[1] || !(r[1] in RET_KINDS)) throw new Error(`unknown return kind '${retText}' in '${text}'`);
  return r[2] === undefined ? { args, ret: r[1] as RetKind } : { args, ret: r[1] as RetKind, retParam: r[2] };
}
