// A small C preprocessor for the pinned kernel headers in data/kernel: it follows #include between pinned
// files, honours #if/#ifdef/#else as an x86_64 userspace compile would, and evaluates the value of a
// macro or enum constant on demand (C integer constant expressions, in BigInt).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Macro {
  /** Parameter names of a function-like macro; absent for an object-like one. */
  readonly params?: readonly string[];
  readonly body: string;
}

/**
 * What gcc predefines for x86_64 Linux userspace, plus what asm/bitsperlong.h and asm/byteorder.h would add
 * through headers we do not pin. __KERNEL__, __GLIBC__ and CONFIG_* stay undefined.
 */
const X86_64_PREDEFINED: Readonly<Record<string, string>> = {
  __x86_64__: '1',
  __linux__: '1',
  __LP64__: '1',
  __BITS_PER_LONG: '64',
  __LITTLE_ENDIAN: '1234',
  __LITTLE_ENDIAN_BITFIELD: '1',
};

/** Raised when a name or expression has no integer value in the headers read so far. */
class UnresolvedError extends Error {}

const TOKEN =
  /\s*('(?:\\.|[^'\\])'|0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^~!<>()?:,])/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(text);
    if (!m?.[1]) throw new UnresolvedError(`cannot tokenize '${text.trim()}'`);
    tokens.push(m[1]);
  }
  return tokens;
}

/** The value of a character constant: `'A'`, or the escapes fourcc macros use (`'\\0'`, `'\\\\'`, `'\\''`). */
function charValue(token: string): bigint {
  const body = token.slice(1, -1);
  if (!body.startsWith('\\')) return BigInt(body.charCodeAt(0));
  const esc = body.slice(1);
  if (/^[0-7]+$/.test(esc)) return BigInt(`0o${esc}`);
  const simple: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, '\\': 92, "'": 39, '"': 34 };
  const v = simple[esc];
  if (v === undefined) throw new UnresolvedError(`cannot read the character constant ${token}`);
  return BigInt(v);
}

function parseNumber(token: string): bigint {
  if (token.startsWith("'")) return charValue(token);
  const digits = token.replace(/[uUlL]+$/, '');
  if (/^0[xX]/.test(digits)) return BigInt(digits);
  if (digits.length > 1 && digits.startsWith('0')) return BigInt(`0o${digits.slice(1)}`);
  return BigInt(digits);
}

/** Bits kept by a cast to one of the kernel's fixed-width types. */
const CAST_WIDTHS: Readonly<Record<string, { bits: number; signed: boolean }>> = {
  __u8: { bits: 8, signed: false },
  __u16: { bits: 16, signed: false },
  __u32: { bits: 32, signed: false },
  __u64: { bits: 64, signed: false },
  __s8: { bits: 8, signed: true },
  __s16: { bits: 16, signed: true },
  __s32: { bits: 32, signed: true },
  __s64: { bits: 64, signed: true },
};
const TYPE_WORDS = new Set(['int', 'long', 'short', 'char', 'unsigned', 'signed', 'const', '__force']);
const isTypeWord = (w: string): boolean =>
  TYPE_WORDS.has(w) || /^(__)?[us](8|16|32|64)$/.test(w) || /^__(le|be)(16|32|64)$/.test(w) || /_t$/.test(w);

const BINARY: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];

function applyBinary(op: string, a: bigint, b: bigint): bigint {
  const bool = (x: boolean): bigint => (x ? 1n : 0n);
  switch (op) {
    case '||':
      return bool(a !== 0n || b !== 0n);
    case '&&':
      return bool(a !== 0n && b !== 0n);
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '&':
      return a & b;
    case '==':
      return bool(a === b);
    case '!=':
      return bool(a !== b);
    case '<':
      return bool(a < b);
    case '<=':
      return bool(a <= b);
    case '>':
      return bool(a > b);
    case '>=':
      return bool(a >= b);
    case '<<':
      return a << b;
    case '>>':
      return a >> b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
    case '%':
      if (b === 0n) throw new UnresolvedError('division by zero');
      return op === '/' ? a / b : a % b;
    default:
      throw new UnresolvedError(`unknown operator ${op}`);
  }
}

/** Recursive-descent evaluator over one token list. In `#if` mode unknown identifiers are 0, as in C. */
class Evaluator {
  private pos = 0;

  constructor(
    private readonly tokens: readonly string[],
    private readonly scope: HeaderScope,
    private readonly inIf: boolean,
    private readonly expanding: ReadonlySet<string>,
  ) {}

  run(): bigint {
    const v = this.ternary();
    if (this.pos !== this.tokens.length) throw new UnresolvedError(`unexpected '${this.peek()}'`);
    return v;
  }

  private peek(offset = 0): string | undefined {
    return this.tokens[this.pos + offset];
  }

  private take(expected?: string): string {
    const t = this.tokens[this.pos++];
    if (t === undefined || (expected !== undefined && t !== expected)) {
      throw new UnresolvedError(`expected '${expected ?? 'a token'}', got '${t ?? 'end'}'`);
    }
    return t;
  }

  private ternary(): bigint {
    const cond = this.binary(0);
    if (this.peek() !== '?') return cond;
    this.take('?');
    const a = this.ternary();
    this.take(':');
    const b = this.ternary();
    return cond !== 0n ? a : b;
  }

  private binary(level: number): bigint {
    const ops = BINARY[level];
    if (!ops) return this.unary();
    let left = this.binary(level + 1);
    for (let op = this.peek(); op !== undefined && ops.includes(op); op = this.peek()) {
      this.take();
      left = applyBinary(op, left, this.binary(level + 1));
    }
    return left;
  }

  private unary(): bigint {
    const t = this.peek();
    if (t === '-' || t === '+' || t === '~' || t === '!') {
      this.take();
      const v = this.unary();
      if (t === '-') return -v;
      if (t === '~') return ~v;
      return t === '!' ? BigInt(v === 0n) : v;
    }
    if (t === 'defined') return this.defined();
    if (t === '(' && this.castLength() > 0) {
      const n = this.castLength();
      const words = Array.from({ length: n - 2 }, (_, i) => this.peek(i + 1) as string);
      this.pos += n;
      // a cast to a fixed-width kernel type keeps that many bits (netlink_diag.h's `((__u8) ~0)` is 255)
      const width = words.map((w) => CAST_WIDTHS[w]).find((x) => x !== undefined);
      const v = this.unary();
      if (width === undefined) return v;
      return width.signed ? BigInt.asIntN(width.bits, v) : BigInt.asUintN(width.bits, v);
    }
    return this.primary();
  }

  /** Tokens in a cast such as `(__force __poll_t)` or `(unsigned int)`, or 0 when `(` opens a group. */
  private castLength(): number {
    let i = 1;
    while (this.peek(i) !== undefined && this.peek(i) !== ')') {
      const w = this.peek(i) as string;
      if (!isTypeWord(w) || this.scope.hasValue(w)) return 0;
      i++;
    }
    return i > 1 && this.peek(i) === ')' ? i + 1 : 0;
  }

  private defined(): bigint {
    this.take('defined');
    const paren = this.peek() === '(';
    if (paren) this.take('(');
    const name = this.take();
    if (paren) this.take(')');
    return this.scope.isDefined(name) ? 1n : 0n;
  }

  private primary(): bigint {
    const t = this.take();
    if (t === '(') {
      const v = this.ternary();
      this.take(')');
      return v;
    }
    if (/^\d/.test(t) || t.startsWith("'")) return parseNumber(t);
    if (/^[A-Za-z_]/.test(t)) return this.identifier(t);
    throw new UnresolvedError(`unexpected '${t}'`);
  }

  private identifier(name: string): bigint {
    const macro = this.expanding.has(name) ? undefined : this.scope.macro(name);
    if (macro?.params) return this.callMacro(name, macro);
    if (macro) return this.sub(tokenize(macro.body), name);
    const fromEnum = this.scope.enumValue(name);
    if (fromEnum !== undefined) return fromEnum;
    if (!this.inIf) throw new UnresolvedError(`'${name}' is not defined`);
    if (this.peek() === '(') this.args();
    return 0n;
  }

  private callMacro(name: string, macro: Macro): bigint {
    if (this.peek() !== '(')
      throw new UnresolvedError(`function-like macro '${name}' used without arguments`);
    const args = this.args();
    const params = macro.params ?? [];
    const body = tokenize(macro.body).flatMap((tok) => {
      const i = params.indexOf(tok);
      return i >= 0 ? (args[i] ?? []) : [tok];
    });
    return this.sub(body, name);
  }

  /** Reads `( a, b )` and returns each argument's tokens. */
  private args(): string[][] {
    this.take('(');
    const args: string[][] = [[]];
    for (let depth = 0; ; ) {
      const t = this.take();
      if (t === ')' && depth === 0) return args;
      if (t === '(') depth++;
      if (t === ')') depth--;
      if (t === ',' && depth === 0) args.push([]);
      else args[args.length - 1]?.push(t);
    }
  }

  private sub(tokens: readonly string[], name: string): bigint {
    return new Evaluator(tokens, this.scope, this.inIf, new Set([...this.expanding, name])).run();
  }
}

/** Removes comments (keeping string literals intact) and joins backslash-continued lines. */
function clean(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const skipped = text.slice(i, end < 0 ? text.length : end + 2);
      out += skipped.includes('\n') ? '\n'.repeat(skipped.split('\n').length - 1) : ' ';
      i = end < 0 ? text.length : end + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else out += c;
  }
  return out.replace(/\\\n/g, ' ');
}

interface Branch {
  /** Whether the enclosing region is being read at all. */
  readonly outer: boolean;
  /** Whether some branch of this #if chain was already taken. */
  taken: boolean;
  active: boolean;
}

/** One translation unit: the headers included so far, their macros and enum constants. */
export class HeaderScope {
  private readonly macros = new Map<string, Macro>();
  private readonly enums = new Map<string, string>();
  private readonly enumCache = new Map<string, bigint>();
  private readonly enumBusy = new Set<string>();
  private readonly included = new Set<string>();
  /** The active (preprocessed-away #if branches removed) code of every file read, for struct layouts. */
  private readonly codeParts: string[] = [];

  constructor(
    private readonly kernelDir: string,
    predefined: Readonly<Record<string, string>> = X86_64_PREDEFINED,
  ) {
    for (const [name, body] of Object.entries(predefined)) this.define(name, body);
  }

  define(name: string, body: string): void {
    this.macros.set(name, { body });
  }

  macro(name: string): Macro | undefined {
    return this.macros.get(name);
  }

  isDefined(name: string): boolean {
    return this.macros.has(name);
  }

  /** True when the name is a macro or an enum constant (so `(NAME)` is a group, not a cast). */
  hasValue(name: string): boolean {
    return this.macros.has(name) || this.enums.has(name);
  }

  /** Reads a pinned file (path relative to data/kernel) as if by #include. */
  include(relPath: string): void {
    if (this.included.has(relPath)) return;
    const file = join(this.kernelDir, relPath);
    if (!existsSync(file)) throw new Error(`data/kernel/${relPath} is not pinned`);
    this.included.add(relPath);
    this.read(relPath, readFileSync(file, 'utf8'));
  }

  /** The value of a macro or enum constant; throws UnresolvedError when it has none. */
  value(name: string): bigint {
    return this.evaluate(name);
  }

  /** Evaluates a C integer constant expression against the headers read so far. */
  evaluate(expr: string): bigint {
    return new Evaluator(tokenize(expr), this, false, new Set()).run();
  }

  enumValue(name: string): bigint | undefined {
    const cached = this.enumCache.get(name);
    if (cached !== undefined) return cached;
    const expr = this.enums.get(name);
    if (expr === undefined || this.enumBusy.has(name)) return undefined;
    this.enumBusy.add(name);
    try {
      const v = this.evaluate(expr);
      this.enumCache.set(name, v);
      return v;
    } finally {
      this.enumBusy.delete(name);
    }
  }

  /** Maps an #include to a pinned file: <asm/x> is the x86 file, else asm-generic (as Kbuild's wrappers do). */
  private resolveInclude(target: string): string | undefined {
    const candidates = target.startsWith('asm/')
      ? [`uapi/x86/${target}`, `uapi/asm-generic/${target.slice(4)}`]
      : [target.startsWith('uapi/') ? target : `uapi/${target}`];
    return candidates.find((c) => existsSync(join(this.kernelDir, c)));
  }

  private read(relPath: string, text: string): void {
    const stack: Branch[] = [];
    const code: string[] = [];
    const lines = clean(text).split('\n');
    lines.forEach((line, i) => {
      const active = stack.every((b) => b.active);
      const m = /^\s*#\s*(\w+)\s*(.*?)\s*$/.exec(line);
      if (!m?.[1]) {
        if (active) code.push(line);
        return;
      }
      try {
        this.directive(m[1], m[2] ?? '', stack, active);
      } catch (e) {
        throw new Error(`data/kernel/${relPath}:${i + 1}: ${(e as Error).message}`);
      }
    });
    if (stack.length > 0) throw new Error(`data/kernel/${relPath}: unterminated #if`);
    this.codeParts.push(code.join('\n'));
    this.collectEnums(code.join('\n'));
  }

  /** The code of every file read so far, without comments, directives and inactive branches. */
  code(): string {
    return this.codeParts.join('\n');
  }

  private directive(kind: string, rest: string, stack: Branch[], active: boolean): void {
    const top = stack[stack.length - 1];
    const test = (cond: () => boolean): boolean => active && cond();
    switch (kind) {
      case 'if':
        return void stack.push(
          this.branch(
            active,
            test(() => this.condition(rest)),
          ),
        );
      case 'ifdef':
        return void stack.push(
          this.branch(
            active,
            test(() => this.isDefined(rest)),
          ),
        );
      case 'ifndef':
        return void stack.push(
          this.branch(
            active,
            test(() => !this.isDefined(rest)),
          ),
        );
      case 'elif':
      case 'else':
      case 'endif':
        if (!top) throw new Error(`#${kind} without #if`);
        if (kind === 'endif') return void stack.pop();
        top.active = top.outer && !top.taken && (kind === 'else' || this.condition(rest));
        top.taken ||= top.active;
        return;
    }
    if (!active) return;
    if (kind === 'define') this.parseDefine(rest);
    else if (kind === 'undef') this.macros.delete(rest);
    else if (kind === 'include') this.followInclude(rest);
    else if (kind === 'error') throw new Error(`#error ${rest}`);
  }

  private branch(outer: boolean, active: boolean): Branch {
    return { outer, taken: active, active };
  }

  private condition(expr: string): boolean {
    return new Evaluator(tokenize(expr), this, true, new Set()).run() !== 0n;
  }

  private parseDefine(rest: string): void {
    const m = /^([A-Za-z_]\w*)(\(([^)]*)\))?\s*(.*)$/.exec(rest);
    if (!m?.[1]) throw new Error(`bad #define ${rest}`);
    const body = m[4] ?? '';
    if (m[2] === undefined) this.macros.set(m[1], { body });
    else this.macros.set(m[1], { params: (m[3] ?? '').split(',').map((p) => p.trim()), body });
  }

  private followInclude(rest: string): void {
    const m = /^[<"]([^>"]+)[>"]/.exec(rest);
    const resolved = m?.[1] ? this.resolveInclude(m[1]) : undefined;
    if (resolved) this.include(resolved);
  }

  /** Records `enum [tag] { A = expr, B, ... }` members; a member without `=` is the previous one plus 1. */
  private collectEnums(code: string): void {
    for (const m of code.matchAll(/\benum\b\s*\w*\s*\{([^}]*)\}/g)) {
      let previous: string | undefined;
      for (const member of splitTopLevel(m[1] ?? '')) {
        const e = /^([A-Za-z_]\w*)\s*(?:=\s*([\s\S]+))?$/.exec(member.trim());
        if (!e?.[1]) continue;
        const expr = e[2] ?? (previous === undefined ? '0' : `(${previous}) + 1`);
        this.enums.set(e[1], expr);
        previous = e[1];
      }
    }
  }
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [''];
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) parts.push('');
    else parts[parts.length - 1] += c;
  }
  return parts.filter((p) => p.trim() !== '');
}
