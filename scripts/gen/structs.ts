// Struct layouts from the pinned uapi headers: each field's offset, size and kind as gcc lays them out on x86_64
// (natural alignment), so decoders read kernel structs by field name instead of offsets typed by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeaderScope } from './c-header.js';

/** One field: `kind` u/s (little-endian integer), be (big-endian), struct (nested, `type`), with `count` for arrays. */
export interface FieldLayout {
  readonly name: string;
  readonly off: number;
  readonly size: number;
  readonly kind: 'u' | 's' | 'be' | 'struct';
  readonly count?: number;
  readonly type?: string;
  /** A bit-field: its first bit within the `size`-byte storage unit at `off`, and its width. */
  readonly bit?: number;
  readonly bits?: number;
}

export interface StructLayout {
  readonly name: string;
  readonly size: number;
  readonly align: number;
  readonly fields: readonly FieldLayout[];
  /** A member struct of a union (`union bpf_attr`'s per-command structs): the union, and the member's name if any. */
  readonly of?: string;
  readonly member?: string;
  /** Declared `typedef struct { ... } NAME;` (ax25_address): C names it NAME, not `struct NAME`. */
  readonly typedef?: true;
}

/** Scalar C types of uapi headers: [size, kind]. */
const SCALARS: Readonly<Record<string, readonly [number, 'u' | 's' | 'be']>> = {
  __u8: [1, 'u'],
  __s8: [1, 's'],
  char: [1, 's'],
  'unsigned char': [1, 'u'],
  'signed char': [1, 's'],
  __u16: [2, 'u'],
  __s16: [2, 's'],
  __le16: [2, 'u'],
  __be16: [2, 'be'],
  short: [2, 's'],
  'unsigned short': [2, 'u'],
  __kernel_sa_family_t: [2, 'u'],
  __u32: [4, 'u'],
  __s32: [4, 's'],
  __le32: [4, 'u'],
  __be32: [4, 'be'],
  int: [4, 's'],
  'unsigned int': [4, 'u'],
  unsigned: [4, 'u'],
  __u64: [8, 'u'],
  __s64: [8, 's'],
  __le64: [8, 'u'],
  __be64: [8, 'be'],
  __aligned_u64: [8, 'u'],
  __aligned_be64: [8, 'be'],
  long: [8, 's'],
  'unsigned long': [8, 'u'],
  'long long': [8, 's'],
  'unsigned long long': [8, 'u'],
  __kernel_long_t: [8, 's'],
  __kernel_ulong_t: [8, 'u'],
  __kernel_time64_t: [8, 's'],
  __kernel_size_t: [8, 'u'],
};

/** The text between the braces that open at `open` (index of `{`). */
function braced(code: string, open: number): string {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '{') depth++;
    if (code[i] === '}' && --depth === 0) return code.slice(open + 1, i);
  }
  throw new Error('unbalanced braces');
}

/** Splits a struct body into member declarations at top-level `;`, keeping nested braces whole. */
function members(body: string): string[] {
  const out: string[] = [''];
  let depth = 0;
  for (const c of body) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (c === ';' && depth === 0) out.push('');
    else out[out.length - 1] += c;
  }
  return out.map((m) => m.replace(/\s+/g, ' ').trim()).filter((m) => m !== '');
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

class Layouts {
  readonly done = new Map<string, StructLayout>();
  constructor(
    private readonly scope: HeaderScope,
    private readonly code: string,
  ) {}

  struct(name: string): StructLayout {
    const known = this.done.get(name);
    if (known) return known;
    const m = new RegExp(`\\b(struct|union)\\s+${name}\\s*\\{`).exec(this.code);
    if (!m) throw new Error(`struct ${name} is not in the headers read`);
    const body = braced(this.code, m.index + m[0].length - 1);
    if (m[1] === 'union') return this.unionMembers(name, body);
    const tail = this.code.slice(
      m.index + m[0].length + body.length + 1,
      m.index + m[0].length + body.length + 80,
    );
    const layout = this.compose(
      name,
      body,
      false,
      /^\s*(__attribute__\s*\(\(\s*(__)?packed|__packed\b)/.test(tail),
    );
    this.done.set(name, layout);
    return layout;
  }

  /**
   * A union of structs (`union bpf_attr`, one struct per command): each member struct becomes a layout of its
   * own, `UNION.MEMBER` for a named member, `UNION.FIRSTFIELD` for an anonymous one (offsets within the union).
   */
  private unionMembers(name: string, body: string): StructLayout {
    let size = 0;
    let align = 1;
    for (const decl of members(body)) {
      const inner = /^struct\s*\{/.exec(decl);
      if (!inner)
        throw new Error(`union ${name}: only struct members are laid out, not '${decl.slice(0, 40)}'`);
      const innerBody = braced(decl, inner[0].length - 1);
      const rest = decl.slice(inner[0].length + innerBody.length + 1).trim();
      const sub = this.compose(`${name}.member`, innerBody, false, false);
      const key = rest || sub.fields[0]?.name;
      if (!key) throw new Error(`union ${name}: an empty member`);
      const full = `${name}.${key}`;
      if (this.done.has(full)) throw new Error(`union ${name}: two members named ${key}`);
      this.done.set(full, { ...sub, name: full, of: `union ${name}`, ...(rest ? { member: rest } : {}) });
      size = Math.max(size, sub.size);
      align = Math.max(align, sub.align);
    }
    return { name, size: alignUp(size, align), align, fields: [] };
  }

  /** `typedef struct { ... } NAME;` (ax25_address): laid out as a struct of that name, or undefined. */
  private typedefStruct(type: string): StructLayout | undefined {
    const known = this.done.get(type);
    if (known) return known;
    for (const m of this.code.matchAll(/\btypedef\s+struct\s*\w*\s*\{/g)) {
      const body = braced(this.code, m.index + m[0].length - 1);
      const after = this.code.slice(m.index + m[0].length + body.length + 1);
      if (!new RegExp(`^\\s*${type}\\s*;`).test(after)) continue;
      const layout: StructLayout = { ...this.compose(type, body, false, false), typedef: true };
      this.done.set(type, layout);
      return layout;
    }
    return undefined;
  }

  /** An array bound with its `sizeof(struct X)` and `sizeof(type)` replaced by sizes (sockaddr_vm's svm_zero). */
  private sizes(expr: string): string {
    // a bound whose macro hides a sizeof (btrfs's BTRFS_SEARCH_ARGS_BUFSIZE): the macro's body first
    const bare = expr.replace(/\b[A-Za-z_]\w*\b/g, (name) => {
      const m = this.scope.macro(name);
      return m && !m.params && /\bsizeof\b/.test(m.body) ? `(${m.body})` : name;
    });
    return bare.replace(/\bsizeof\s*\(\s*(struct\s+\w+|[\w ]+?)\s*\)/g, (_all, type: string) => {
      const struct = type.startsWith('struct ') ? type.slice(7).trim() : undefined;
      const had = struct !== undefined && this.done.has(struct);
      const size = struct ? this.struct(struct).size : this.scalar(type)?.[0];
      // only sized, not a layout of its own (the kernel's struct sockaddr differs from libc's in member names)
      if (struct && !had) this.done.delete(struct);
      if (size === undefined) throw new Error(`sizeof(${type}): unknown type`);
      return String(size);
    });
  }

  /** A scalar type by name, through the headers' typedefs (v4l2_std_id is a __u64, tv_sec a __kernel_long_t). */
  private scalar(type: string): readonly [number, 'u' | 's' | 'be'] | undefined {
    const known = SCALARS[type];
    if (known) return known;
    const td = new RegExp(`\\btypedef\\s+([\\w ]+?)\\s+${type}\\s*;`).exec(this.code);
    // sparse's __bitwise (`typedef int __bitwise __kernel_rwf_t;`) changes nothing in the layout
    const base = td?.[1]
      ?.replace(/\b__bitwise\b/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    return base && base !== type ? this.scalar(base) : undefined;
  }

  /** Lays out a struct (or union) body; anonymous inner unions/structs are flattened into their parent. */
  private compose(name: string, body: string, union: boolean, packed: boolean): StructLayout {
    const fields: FieldLayout[] = [];
    let off = 0;
    let size = 0;
    let align = 1;
    // bits used past `off` by the bit-fields just placed (gcc packs them into their type's storage units)
    let bitOff = 0;
    const place = (fsize: number, falign: number): number => {
      const a = packed ? 1 : falign;
      align = Math.max(align, a);
      if (bitOff) off += Math.ceil(bitOff / 8);
      bitOff = 0;
      const at = union ? 0 : alignUp(off, a);
      off = at + fsize;
      size = Math.max(size, off);
      return at;
    };
    /** A bit-field of `width` bits in units of `fsize` bytes: the unit's offset and the first bit in it. */
    const placeBits = (fsize: number, width: number): { at: number; bit: number } => {
      if (union || packed) throw new Error(`struct ${name}: bit-fields in a union or packed struct`);
      align = Math.max(align, fsize);
      const unit = fsize * 8;
      let pos = off * 8 + bitOff;
      // a field that would straddle a unit of its type starts the next unit (the SysV x86_64 ABI)
      if (Math.floor(pos / unit) !== Math.floor((pos + width - 1) / unit)) pos = alignUp(pos, unit);
      const at = Math.floor(pos / unit) * fsize;
      off = Math.floor((pos + width) / 8);
      bitOff = (pos + width) % 8;
      size = Math.max(size, off + (bitOff ? 1 : 0));
      return { at, bit: pos - at * 8 };
    };
    for (const decl of members(body)) {
      const inner = /^(union|struct)\s*(\w*)\s*\{/.exec(decl);
      if (inner?.[1]) {
        const innerBody = braced(decl, inner[0].length - 1);
        const rest = decl.slice(inner[0].length + innerBody.length + 1).trim();
        const sub = this.compose(inner[2] || `${name}.anon`, innerBody, inner[1] === 'union', packed);
        // a named member may be an array of the inner struct (ubi_rnvol_req's `ents[UBI_MAX_RNVOL]`)
        const declared = /^(\w+)((?:\s*\[[^\]]*\])*)/.exec(rest.replace(/\s*__attribute__.*$/, ''));
        const dims = [...(declared?.[2] ?? '').matchAll(/\[([^\]]*)\]/g)].map((x) =>
          x[1]?.trim() ? Number(this.scope.evaluate(this.sizes(x[1]))) : 0,
        );
        const count = dims.length ? dims.reduce((a, b) => a * b, 1) : undefined;
        const at = place(sub.size * (count ?? 1), sub.align);
        if (rest === '' || rest.startsWith('__attribute__'))
          for (const f of sub.fields) fields.push({ ...f, off: f.off + at });
        else {
          const member = declared?.[1] ?? rest;
          fields.push({
            name: member,
            off: at,
            size: sub.size,
            kind: 'u',
            ...(count === undefined ? {} : { count }),
          });
          // a named inner struct's fields too, as `member.field` (link_create's kprobe_multi.flags)
          for (const f of sub.fields) fields.push({ ...f, name: `${member}.${f.name}`, off: f.off + at });
        }
        continue;
      }
      const clean = decl
        .replace(/__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)/g, '')
        .replace(/\b(const|__user)\b/g, '')
        // glibc's spelling (sys/user.h): `__extension__ unsigned long long int r15;`, `unsigned short int cwd;`
        .replace(/\b__extension__\b/g, '')
        .replace(/\b(short|long long|long)\s+int\b/g, '$1')
        // include/uapi/linux/stddef.h's flexible array member in a union (struct sockaddr's sa_data)
        .replace(/^DECLARE_FLEX_ARRAY\s*\(\s*([\w ]+?)\s*,\s*(\w+)\s*\)$/, '$1 $2[]')
        .replace(/\s*\*\s*/g, ' *')
        .trim();
      const t =
        /^(struct\s+\w+|(?:unsigned|signed)\s+(?:char|short|int|long long|long)|long long|unsigned|\w+)\s+(.+)$/.exec(
          clean,
        );
      if (!t?.[1] || !t[2]) throw new Error(`struct ${name}: cannot read '${decl}'`);
      let elem: { size: number; align: number; kind: FieldLayout['kind']; type?: string };
      if (t[2].startsWith('*')) {
        // a pointer member (`const void *buf;` in struct kexec_segment): x86_64's 8-byte address
        elem = { size: 8, align: 8, kind: 'u' };
        t[2] = t[2].replace(/^\*\s*/, '');
      } else if (t[1].startsWith('struct ')) {
        const sub = this.struct(t[1].slice(7).trim());
        elem = { size: sub.size, align: sub.align, kind: 'struct', type: sub.name };
      } else {
        const scalar = this.scalar(t[1]);
        const typedef = scalar ? undefined : this.typedefStruct(t[1]);
        if (typedef) elem = { size: typedef.size, align: typedef.align, kind: 'struct', type: typedef.name };
        else if (!scalar) throw new Error(`struct ${name}: unknown type '${t[1]}'`);
        else elem = { size: scalar[0], align: scalar[0], kind: scalar[1] };
      }
      for (const declarator of t[2].split(',').map((d) => d.trim())) {
        // an unnamed bit-field as wide as its type is padding (`int :32;` in struct __kernel_timex)
        const pad = /^:\s*(\d+)$/.exec(declarator);
        if (pad && Number(pad[1]) === elem.size * 8) {
          place(elem.size, elem.align);
          continue;
        }
        // a narrower unnamed bit-field pads within its unit (`__u32 :31;` after a 1-bit flag)
        if (pad && elem.kind !== 'struct') {
          placeBits(elem.size, Number(pad[1]));
          continue;
        }
        const bitField = /^(\w+)\s*:\s*(\d+)$/.exec(declarator);
        if (bitField?.[1] && elem.kind !== 'struct') {
          const { at, bit } = placeBits(elem.size, Number(bitField[2]));
          fields.push({
            name: bitField[1],
            off: at,
            size: elem.size,
            kind: elem.kind,
            bit,
            bits: Number(bitField[2]),
          });
          continue;
        }
        if (declarator.includes(':'))
          throw new Error(`struct ${name}: bit-field '${declarator}' is not supported`);
        const d = /^(\w+)((?:\s*\[[^\]]*\])*)$/.exec(declarator);
        if (!d?.[1]) throw new Error(`struct ${name}: cannot read '${declarator}'`);
        const dims = [...(d[2] ?? '').matchAll(/\[([^\]]*)\]/g)].map((x) =>
          x[1]?.trim() ? Number(this.scope.evaluate(this.sizes(x[1]))) : 0,
        );
        const count = dims.length ? dims.reduce((a, b) => a * b, 1) : undefined;
        const at = place(elem.size * (count ?? 1), elem.align);
        fields.push({
          name: d[1],
          off: at,
          size: elem.size,
          kind: elem.kind,
          ...(count === undefined ? {} : { count }),
          ...(elem.type ? { type: elem.type } : {}),
        });
      }
    }
    if (bitOff) size = Math.max(size, off + 1);
    return { name, size: alignUp(size, align), align, fields };
  }
}

/** Reads data/kernel/structs.list (`HEADER STRUCT...` per line) and lays out every struct it names. */
export function readStructLayouts(dataDir: string): StructLayout[] {
  const list = readFileSync(join(dataDir, 'kernel', 'structs.list'), 'utf8');
  const all = new Map<string, StructLayout>();
  for (const line of list.split('\n')) {
    const words = line.replace(/#.*$/, '').trim().split(/\s+/).filter(Boolean);
    const [header, ...names] = words;
    if (!header) continue;
    const scope = new HeaderScope(join(dataDir, 'kernel'));
    // `a.h,b.h`: several headers read in order, for a struct whose header leaves a type to libc (timeval)
    for (const h of header.split(',')) scope.include(h);
    const layouts = new Layouts(scope, scope.code());
    for (const n of names) layouts.struct(n);
    for (const [n, l] of layouts.done) if (!all.has(n)) all.set(n, l);
  }
  return [...all.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const quote = (s: string): string => `'${s}'`;
const key = (s: string): string => (/^\w+$/.test(s) ? s : quote(s));

/** src/tables/generated/structs.ts: STRUCTS.name.fields.field = { off, size, kind[, count][, type] }. */
export function renderStructs(dataDir: string, header: string): string {
  const body = readStructLayouts(dataDir)
    .map((s) => {
      const fields = s.fields
        .map((f) => {
          const bits = f.bits === undefined ? '' : `, bit: ${f.bit}, bits: ${f.bits}`;
          const extra = `${f.count === undefined ? '' : `, count: ${f.count}`}${f.type ? `, type: ${quote(f.type)}` : ''}${bits}`;
          return `      ${key(f.name)}: { off: ${f.off}, size: ${f.size}, kind: ${quote(f.kind)}${extra} },`;
        })
        .join('\n');
      const union = s.of
        ? `\n    of: ${quote(s.of)},${s.member ? `\n    member: ${quote(s.member)},` : ''}`
        : s.typedef
          ? '\n    typedef: true,'
          : '';
      return `  ${key(s.name)}: {\n    size: ${s.size},${union}\n    fields: {\n${fields}\n    },\n  },`;
    })
    .join('\n');
  return `${header}\n/** Kernel struct layouts (x86_64): every field's byte offset, element size, kind and array count. */\nexport const STRUCTS = {\n${body}\n} as const;\n`;
}
