// SELinux contexts for --secontext, read as libselinux's getpidcon/getfilecon read them: a process's from
// /proc/PID/attr/current, a file's from its security.selinux attribute; and the context the policy's file_contexts
// database expects for a path (libselinux's selabel_lookup), for `mismatch`. Without SELinux each read fails and
// nothing is printed, as under strace.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { koffi } from './koffi.js';
import { procDir } from './proc-dir.js';

/** Whether SELinux is enabled here (libselinux's is_selinux_enabled looks for selinuxfs too). */
export function selinuxEnabled(): boolean {
  try {
    readFileSync('/sys/fs/selinux/enforce');
    return true;
  } catch {
    return false;
  }
}

/** Text up to the first NUL (the kernel may hand the context over with one). */
const cText = (b: Buffer): string => {
  const nul = b.indexOf(0);
  return b.toString('latin1', 0, nul < 0 ? b.length : nul);
};

/** getpidcon: /proc/PID/attr/current; undefined when it cannot be read (no SELinux, process gone). */
export function processContext(pid: number): string | undefined {
  try {
    const text = cText(readFileSync(`${procDir(pid)}/attr/current`));
    return text.length > 0 ? text : undefined;
  } catch {
    return undefined;
  }
}

interface Xattr {
  getxattr(path: string, name: string, value: Buffer, size: number): number;
}
let xattr: Xattr | undefined;

/**
 * getfilecon: the security.selinux attribute of `path` (symbolic links followed); undefined when absent. `name`
 * is another attribute only for tests (a user.* one can be set without SELinux).
 */
export function fileContext(path: string, name = 'security.selinux'): string | undefined {
  xattr ??= {
    getxattr: koffi
      .load('libc.so.6')
      .func(
        'long getxattr(const char *path, const char *name, _Out_ uint8_t *value, size_t size)',
      ) as Xattr['getxattr'],
  };
  const buf = Buffer.alloc(4096);
  const n = xattr.getxattr(path, name, buf, buf.length);
  if (n <= 0) return undefined;
  const text = cText(buf.subarray(0, n));
  return text.length > 0 ? text : undefined;
}

interface Labels {
  lookup(path: string, mode: number): string | undefined;
}
/** null: the database could not be opened (said once); undefined: not tried yet. */
let labels: Labels | null | undefined;

/** SELABEL_CTX_FILE from <selinux/label.h>: the file_contexts backend. */
const SELABEL_CTX_FILE = 0;

/**
 * selabel_lookup on the file_contexts database: the context the policy gives `path` (a resolved path) with file
 * type bits `mode`. `onUnavailable` is told once when the database cannot be opened (strace's warning).
 */
function expectedContext(
  path: string,
  mode: number,
  onUnavailable: (message: string) => void,
): string | undefined {
  if (labels === null) return undefined;
  if (labels === undefined) {
    labels = openLabels();
    if (labels === null) {
      onUnavailable('could not open SELinux database, disabling context mismatch checking');
      return undefined;
    }
  }
  return labels.lookup(path, mode);
}

/** The policy's context for the file `path` leads to, resolved (selabel_lookup resolves nothing itself). */
export function expectedContextOf(path: string, warn: (message: string) => void): string | undefined {
  try {
    const resolved = realpathSync(path);
    return expectedContext(resolved, statSync(resolved).mode, warn);
  } catch {
    return undefined;
  }
}

function openLabels(): Labels | null {
  try {
    const se = koffi.load('libselinux.so.1');
    const open = se.func('void *selabel_open(unsigned int backend, void *opts, unsigned int nopts)');
    const lookup = se.func('int selabel_lookup(void *hdl, _Out_ void **con, const char *key, int type)');
    const freecon = se.func('void freecon(void *con)');
    const hdl: unknown = open(SELABEL_CTX_FILE, null, 0);
    if (hdl === null) return null;
    return {
      lookup(path, mode) {
        const out: unknown[] = [null];
        if (lookup(hdl, out, path, mode) < 0 || out[0] === null) return undefined;
        const text = koffi.decode(out[0], 'char', -1) as string;
        freecon(out[0]);
        return text;
      },
    };
  } catch {
    return null;
  }
}
