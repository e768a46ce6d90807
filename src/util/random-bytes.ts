// Secret random bytes without node:crypto, which costs ~15 ms of every start-up to load (its whole family of
// modules comes with it): the kernel's /dev/urandom, or node:crypto where that cannot be read.
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';

export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      if (readSync(fd, out) === n) return out;
    } finally {
      closeSync(fd);
    }
  } catch {}
  const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.randomBytes(n);
}

/** An integer in [0, max) from 48 random bits: unbiased when max is a power of two, negligibly biased otherwise. */
export function randomInt(max: number): number {
  const b = randomBytes(6);
  let v = 0;
  for (const x of b) v = v * 256 + x;
  return v % max;
}
