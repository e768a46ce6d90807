// Kernel audit records (`type=1326 audit(...): ... pid=12 comm="x" exe="/bin/x" ... syscall=101 ...`) read by
// field. Values the traced program chooses (comm, exe) are quoted, or hex-encoded when they hold spaces,
// quotes or control bytes, so a program named `syscall=0` or `pid=1` cannot pose as a field.

/** The fields of one record, `key -> value` (quotes removed; hex-encoded values kept as the kernel wrote them). */
export function auditFields(record: string): Map<string, string> {
  const fields = new Map<string, string>();
  // /dev/kmsg puts `LEVEL,SEQ,TS,FLAGS;` before the text
  const semi = record.indexOf(';');
  const text =
    semi >= 0 && /^\d+,\d+,\d+,[^;]*$/.test(record.slice(0, semi)) ? record.slice(semi + 1) : record;
  const token = /([A-Za-z_][\w-]*)=("[^"]*"|'[^']*'|\S*)/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    // only a key at the start of the text or after a space: not `x=y` inside a value
    if (m.index > 0 && !/\s/.test(text[m.index - 1] as string)) continue;
    const key = m[1] as string;
    const raw = m[2] as string;
    const value = /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
    if (!fields.has(key)) fields.set(key, value);
  }
  return fields;
}

/** A seccomp record (type=1326) of `pid`: its syscall number and whether it came through the i386 ABI. */
export function seccompAudit(record: string, pid: number): { nr: number; i386: boolean } | undefined {
  if (!/\btype=1326\b/.test(record)) return undefined;
  const f = auditFields(record);
  if (f.get('type') !== '1326' || f.get('pid') !== String(pid)) return undefined;
  const nr = f.get('syscall');
  if (nr === undefined || !/^\d+$/.test(nr)) return undefined;
  return { nr: Number(nr), i386: f.get('arch')?.toLowerCase() === '40000003' };
}
