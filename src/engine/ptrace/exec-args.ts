// Builds execve's path, argv and envp in the tracee's stack (below the red zone), so the launched program
// gets exactly vat's argv[0] and environment rather than the launcher shell's. Strings the tracee already
// holds (the launcher got the same arguments and environment) are pointed at, not copied: the stack below the
// launcher's stack pointer is only ~125 KiB (the kernel no longer grows a stack for another process's write),
// and a `make check` environment alone is bigger than that.

const encoder = new TextEncoder();
/** Room left untouched below the stack pointer: the 128-byte red zone and more. */
const STACK_GAP = 1024n;

export interface ExecBlob {
  readonly base: bigint;
  readonly bytes: Uint8Array;
  readonly path: bigint;
  readonly argv: bigint;
  readonly envp: bigint;
}

/** Where a string already sits, NUL-terminated, in the tracee (undefined: it is copied into the blob). */
export type StringFinder = (s: string) => bigint | undefined;

export function buildExecBlob(
  rsp: bigint,
  path: string,
  argv: readonly string[],
  env: readonly string[],
  /** Extra room below the gap, a multiple of 16: vat sandbox randomises it so the path's address is secret. */
  extraGap = 0n,
  /** The path is always copied (its address must stay secret); argv and env strings are looked up here first. */
  find: StringFinder = () => undefined,
): ExecBlob {
  const all = [path, ...argv, ...env];
  const existing = all.map((s, i) => (i === 0 ? undefined : find(s)));
  const strings = all.map((s, i) => (existing[i] === undefined ? encoder.encode(`${s}\0`) : undefined));
  const stringBytes = strings.reduce((n, s) => n + (s?.length ?? 0), 0);
  const pointerBytes = (argv.length + 1 + env.length + 1) * 8;
  const size = stringBytes + 8 + pointerBytes;
  const base = (rsp - STACK_GAP - extraGap - BigInt(size)) & ~15n;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const addrs: bigint[] = [];
  let off = 0;
  for (const [i, s] of strings.entries()) {
    if (s === undefined) {
      addrs.push(existing[i] as bigint);
      continue;
    }
    addrs.push(base + BigInt(off));
    bytes.set(s, off);
    off += s.length;
  }
  off = (off + 7) & ~7;
  const argvAt = off;
  for (const [i, a] of addrs.slice(1, 1 + argv.length).entries()) view.setBigUint64(argvAt + i * 8, a, true);
  const envAt = argvAt + (argv.length + 1) * 8;
  for (const [i, a] of addrs.slice(1 + argv.length).entries()) view.setBigUint64(envAt + i * 8, a, true);
  return {
    base,
    bytes,
    path: addrs[0] ?? base,
    argv: base + BigInt(argvAt),
    envp: base + BigInt(envAt),
  };
}
