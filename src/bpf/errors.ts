// A filter that cannot be built or would not load: a tool fault with its own stable code.
import { VatError } from '../errors.js';

export class BpfError extends VatError {
  constructor(message: string) {
    super(message, 'EBPF');
    this.name = 'BpfError';
  }
}
