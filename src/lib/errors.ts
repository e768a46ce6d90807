// Errors the library throws: typed, with a stable code, never a bare string.
import { VatError } from '../errors.js';

export class TraceError extends Error {
  override readonly name = 'TraceError';
  constructor(
    message: string,
    /** A stable code: EUSAGE (bad options), ENOENT (command not found), EPERM (cannot trace), ... */
    readonly code: string,
  ) {
    super(message);
  }
}

/** vat's own errors as TraceErrors (usage errors keep the code EUSAGE); anything else passes through. */
export function asTraceError(err: unknown): unknown {
  if (err instanceof TraceError || !(err instanceof VatError)) return err;
  return new TraceError(err.message, err.code);
}
