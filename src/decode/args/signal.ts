// Signal-number arguments: SIGTERM by name, 0 as 0, unknown numbers in decimal.
import { int, sym } from '../../model/value.js';
import { signalByValue } from '../../tables/signals.js';
import { type ArgDecoder, asInt } from '../context.js';
import { styled } from '../xlat.js';

export const SIGNAL_DECODERS = {
  signal: {
    phase: 'entry',
    decode: (c, i) => {
      const n = asInt(c.raw[i]);
      const info = n > 0 ? signalByValue(n) : undefined;
      return info ? sym(styled(String(n), info.name)) : int(n);
    },
  },
} as const satisfies Record<string, ArgDecoder>;
