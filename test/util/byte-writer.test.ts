// ByteWriter: every number form gives the digits String() and BigInt give, at each width's edges and on random
// words; text is Buffer's UTF-8; the buffer grows without losing what was written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteWriter, utf8 } from '../../src/util/byte-writer.js';

/** What `write` puts in a fresh writer, as text. */
function written(write: (w: ByteWriter) => void): string {
  const w = new ByteWriter(1);
  write(w);
  return w.buf.toString('utf8', 0, w.at);
}

/** A 64-bit word's halves from a bigint. */
const halves = (v: bigint): [number, number] => [
  Number(BigInt.asUintN(64, v) >> 32n),
  Number(BigInt.asUintN(32, v)),
];

/** Edges of every width, signed and unsigned, and their neighbours. */
function edges(): bigint[] {
  const out = new Set<bigint>([0n, 1n, 9n, 10n, 99n, 100n]);
  for (let bits = 1n; bits <= 64n; bits++)
    for (const d of [-1n, 0n, 1n]) {
      out.add((1n << bits) + d);
      out.add(-(1n << bits) + d);
    }
  for (let p = 1n; p < 10n ** 20n; p *= 10n) for (const d of [-1n, 0n, 1n]) out.add(p + d);
  return [...out];
}

/** Random 64-bit words of every magnitude (a fixed seed: a failure is repeated). */
function randomWords(n: number): bigint[] {
  let s = 0x2545f491;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const bits = BigInt(1 + (next() % 64));
    const v = ((BigInt(next()) << 32n) | BigInt(next())) & ((1n << bits) - 1n);
    out.push(v, -v);
  }
  return out;
}

const words = [...edges(), ...randomWords(20_000)];

test('u64, s64 and hex give BigInt digits of the 64-bit word', () => {
  for (const v of words) {
    const [h, l] = halves(v);
    const u = BigInt.asUintN(64, v);
    const s = BigInt.asIntN(64, v);
    assert.equal(
      written((w) => w.u64(h, l)),
      String(u),
    );
    assert.equal(
      written((w) => w.s64(h | 0, l)),
      String(s),
    );
    assert.equal(
      written((w) => w.hex(h, l)),
      u.toString(16),
    );
  }
});

test('uint and int give String() of integers below 2^53', () => {
  for (const v of words) {
    const n = Number(BigInt.asIntN(54, v));
    if (!Number.isSafeInteger(n)) continue;
    assert.equal(
      written((w) => w.int(n)),
      String(n),
    );
    if (n >= 0)
      assert.equal(
        written((w) => w.uint(n)),
        String(n),
      );
  }
});

test('stamp gives the bigint digits, across seconds, in either direction, and small or negative stamps', () => {
  const w = new ByteWriter(16);
  const stamps = [
    1_796_665_153_275_626_010n,
    1_796_665_153_000_000_000n,
    1_796_665_153_999_999_999n,
    1_796_665_154_000_000_001n,
    1_796_665_153_000_000_007n,
    1_796_665_152_999_999_999n,
    2n ** 63n - 1n,
    5n,
    999_999_999n,
    1_000_000_000n,
    0n,
    -3n,
    1_796_665_153_275_626_010n,
  ];
  for (const v of randomWords(2_000)) if (v > 0n) stamps.push(v, v + 1n, v + 999_999n);
  for (const ts of stamps) {
    w.at = 0;
    w.stamp(ts);
    assert.equal(w.buf.toString('utf8', 0, w.at), String(ts));
  }
});

test('text is UTF-8 as Buffer writes it; pieces and ranges are copied whole as the buffer grows', () => {
  const samples = [
    '',
    'plain',
    'quote " and \\',
    'é',
    'a€b',
    '😀x',
    'lone \ud800 surrogate',
    'x'.repeat(5000),
  ];
  for (const s of samples)
    assert.deepEqual(
      Buffer.from(
        written((w) => w.text(s)),
        'utf8',
      ),
      Buffer.from(s, 'utf8'),
    );
  const w = new ByteWriter(4);
  const key = utf8(',"name":"fd"');
  const long = utf8('y'.repeat(300));
  let expect = '';
  for (let i = 0; i < 50; i++) {
    w.raw(key);
    w.range(long, i, 100 + i);
    w.byte(125);
    w.text('é');
    expect += `,"name":"fd"${'y'.repeat(100)}}é`;
  }
  assert.equal(w.buf.toString('utf8', 0, w.at), expect);
});
