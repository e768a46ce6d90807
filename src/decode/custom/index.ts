// Syscall-specific argument decoders by name (`custom(ioctl)`): for conditional and two-phase arguments.
import type { ArgDecoder } from '../context.js';

export const CUSTOM_DECODERS: Readonly<Record<string, ArgDecoder>> = {};
