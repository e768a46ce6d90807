// Tool faults: one line for the user, a stable code for scripts, exit status 2 unless said otherwise.

export class VatError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitStatus = 2,
    /** Already said on stderr (where it happened): only the exit status is left to give. */
    readonly said = false,
  ) {
    super(message);
    this.name = 'VatError';
  }
}

/** Bad command-line usage: strace's exit status 2 class of errors. */
export class UsageError extends VatError {
  constructor(message: string) {
    super(message, 'EUSAGE');
  }
}
