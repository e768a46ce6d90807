// koffi's native addon, loaded directly: its index.js also loads https, zlib and crypto (for its installer), about
// 25 ms of CPU at every start-up, paid twice when the tracer runs in a worker. Any other platform, or an addon
// that does not load (musl), goes through koffi's own loader.
import { createRequire } from 'node:module';
import type * as Koffi from 'koffi';

const require = createRequire(import.meta.url);

function load(): typeof Koffi {
  if (process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64'))
    try {
      const native = require(`koffi/build/koffi/linux_${process.arch}/koffi.node`) as typeof Koffi & {
        version?: string;
      };
      const { version } = require('koffi/package.json') as { version: string };
      if (native.version === version) return native;
    } catch {}
  return require('koffi') as typeof Koffi;
}

export const koffi = load();
