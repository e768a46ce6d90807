// The generated struct layouts agree with gcc: every field's offset and every struct's size, compiled against the
// pinned headers themselves (data/kernel/uapi first on the include path).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { STRUCTS } from '../../src/tables/generated/structs.js';
import { ROOT } from '../helpers/fixtures.js';

const hasGcc = (() => {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('struct layouts match gcc offsetof/sizeof on the pinned headers', {
  skip: !hasGcc && 'gcc is not installed',
}, () => {
  const headers = readFileSync(join(ROOT, 'data', 'kernel', 'structs.list'), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim().split(/\s+/)[0])
    .filter((h): h is string => !!h)
    // `a.h,b.h`: the headers before the last give the types it leaves to libc (timeval), as the generator reads them
    .map((h) =>
      h
        .split(',')
        // a kernel-internal header (include/linux/socket.h) gives what libc gives userspace (struct sockaddr);
        // a pinned libc header (../libc/sys/user.h) is found first on the include path; the kernel-internal
        // include/scsi/sg.h, which no uapi header exports, is compiled itself (found after the uapi headers)
        .filter(
          (one) => one.startsWith('uapi/') || one.startsWith('../libc/') || one.startsWith('include/scsi/'),
        )
        .map((one) => `#include <${one.replace(/^(uapi|\.\.\/libc|include)\//, '')}>`)
        .join('\n'),
    );
  const lines: string[] = [];
  const expected: string[] = [];
  for (const [name, layout] of Object.entries(STRUCTS)) {
    // a union's member struct (bpf_attr's per command): offsets within the union, the size of a named member
    const of = 'of' in layout ? layout.of : 'typedef' in layout ? name : `struct ${name}`;
    const member = 'member' in layout ? `${layout.member}.` : '';
    if (!('of' in layout) || member) {
      const sizeOf = member ? `sizeof(((${of} *)0)->${member.slice(0, -1)})` : `sizeof(${of})`;
      lines.push(`printf("${name} %zu\\n", ${sizeOf});`);
      expected.push(`${name} ${layout.size}`);
    }
    for (const [field, f] of Object.entries(layout.fields)) {
      if ('bits' in f) {
        // a bit-field has no offsetof: set it to all ones in a zeroed struct and find its first bit and width
        lines.push(
          `{ ${of} x; memset(&x, 0, sizeof(x)); x.${member}${field} = ~0U; int first = -1, n = 0;`,
          `  for (size_t i = 0; i < sizeof(x) * 8; i++) if (((unsigned char *)&x)[i / 8] >> (i % 8) & 1) { if (first < 0) first = i; n++; }`,
          `  printf("${name}.${field} %d:%d\\n", first, n); }`,
        );
        expected.push(`${name}.${field} ${f.off * 8 + f.bit}:${f.bits}`);
        continue;
      }
      // a field of an array of inner structs (ubi_rnvol_req's ents[].vol_id): the first element's
      const [outer = '', ...inner] = field.split('.');
      const head = Object.entries(layout.fields).find(([n]) => n === outer)?.[1];
      const path = inner.length && head && 'count' in head ? `${outer}[0].${inner.join('.')}` : field;
      lines.push(`printf("${name}.${field} %zu\\n", offsetof(${of}, ${member}${path}));`);
      expected.push(`${name}.${field} ${f.off}`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'vat-layouts-'));
  try {
    const src = join(dir, 'layouts.c');
    writeFileSync(
      src,
      // linux/time.h gives struct timeval: glibc's, which vm_sockets.h's <sys/socket.h> brings, must not come too
      `#define __timeval_defined 1\n#include <stddef.h>\n#include <stdio.h>\n#include <string.h>\n${headers.join('\n')}\nint main(void) {\n${lines.join('\n')}\nreturn 0;\n}\n`,
    );
    const uapi = join(ROOT, 'data', 'kernel', 'uapi');
    // the pinned headers are the kernel tree's, before `make headers` strips these includes and `__user`
    mkdirSync(join(dir, 'linux'));
    writeFileSync(join(dir, 'linux', 'compiler_types.h'), '');
    writeFileSync(join(dir, 'linux', 'compiler.h'), '');
    // videodev2.h includes libc's <sys/time.h> for struct timeval, which the pinned linux/time.h gives here
    mkdirSync(join(dir, 'sys'));
    writeFileSync(join(dir, 'sys', 'time.h'), '');
    execFileSync('gcc', [
      '-D__user=',
      // and `make headers` turns `__packed` into the attribute (scripts/headers_install.sh): ubi-user.h's structs
      '-D__packed=__attribute__((packed))',
      '-I',
      dir,
      '-I',
      join(ROOT, 'data', 'libc'),
      '-I',
      uapi,
      '-I',
      join(uapi, 'x86'),
      '-I',
      join(ROOT, 'data', 'kernel', 'include'),
      '-o',
      join(dir, 'layouts'),
      src,
    ]);
    const out = execFileSync(join(dir, 'layouts'), { encoding: 'utf8' });
    assert.equal(out, `${expected.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
