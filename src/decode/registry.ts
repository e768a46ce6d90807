// One decoder per argument kind; the union of kinds is checked against the signature language at compile time.
import type { ArgKind, SignatureArg } from '../tables/signature.js';
import { CUSTOM_ARG_DECODER, customPhase } from './args/custom.js';
import { EXECVE_DECODERS } from './args/execve.js';
import { FDPAIR_DECODERS } from './args/fdpair.js';
import { FD_DECODERS } from './args/fds.js';
import { FRAME_DECODERS } from './args/frame.js';
import { IOVEC_DECODERS } from './args/iovec.js';
import { NUMBER_DECODERS } from './args/numbers.js';
import { SIGNAL_DECODERS } from './args/signal.js';
import { SIGSET_DECODERS } from './args/sigset.js';
import { STRING_DECODERS } from './args/strings.js';
import { STRUCT_ARG_DECODERS } from './args/structs.js';
import { XLAT_ARG_DECODERS } from './args/xlat-args.js';
import type { ArgDecoder } from './context.js';

export const ARG_DECODERS: Readonly<Record<ArgKind, ArgDecoder>> = {
  ...NUMBER_DECODERS,
  ...FD_DECODERS,
  ...STRING_DECODERS,
  ...EXECVE_DECODERS,
  ...SIGNAL_DECODERS,
  ...SIGSET_DECODERS,
  ...STRUCT_ARG_DECODERS,
  ...XLAT_ARG_DECODERS,
  ...IOVEC_DECODERS,
  ...FDPAIR_DECODERS,
  ...FRAME_DECODERS,
  custom: CUSTOM_ARG_DECODER,
};

/** When an argument is decoded: its kind's phase, or for custom arguments its decoder's. */
export const phaseOf = (a: SignatureArg): 'entry' | 'exit' =>
  a.kind === 'custom' ? customPhase(a.param) : ARG_DECODERS[a.kind].phase;
