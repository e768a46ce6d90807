// The one-line summary from an installed man page (`openat \- open and possibly create a file`), read at run time.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const MAN_ROOT = '/usr/share/man';

function readPage(section: string, page: string): string | undefined {
  for (const file of [`${page}.${section}.gz`, `${page}.${section}`]) {
    const path = join(MAN_ROOT, `man${section}`, file);
    if (!existsSync(path)) continue;
    const raw = readFileSync(path);
    return (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  }
  return undefined;
}

/** Summary text after `\-` in the NAME section, following `.so` redirects; undefined when no page is installed. */
export function manSummary(page: string, section = '2', depth = 0): string | undefined {
  const text = readPage(section, page);
  if (text === undefined || depth > 3) return undefined;
  const redirect = /^\.so\s+man(\w+)\/([^\s.]+)\.\w+/m.exec(text);
  if (redirect?.[1] && redirect[2]) return manSummary(redirect[2], redirect[1], depth + 1);
  const name = /^\.SH\s+"?NAME"?\s*\n([\s\S]*?)\n\.SH/m.exec(text);
  const body = name?.[1]?.replace(/\n\.[A-Za-z]+\s*/g, ' ').replace(/\n/g, ' ');
  const dash = body?.split(/\\-|\\\(em/);
  return dash?.[1]
    ?.replace(/\\f[BIRP]/g, '')
    .replace(/\\/g, '')
    .trim();
}
