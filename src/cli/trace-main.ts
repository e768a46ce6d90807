// A trace (`vat [OPTIONS] -- CMD`, `vat -p PID`): what main runs when its first argument names no tool.
import { VatError } from '../errors.js';

export async function traceMain(argv: string[]): Promise<number> {
  // loaded only when tracing: it brings in the FFI, which the reference commands do not need
  const { traceCommand } = await import('./trace-command.js');
  try {
    return await traceCommand(argv);
  } catch (err) {
    // strace exits 1 on every usage or start-up error where the tools exit 2; tracing follows strace
    if (err instanceof VatError && err.exitStatus === 2)
      throw new VatError(err.message, err.code, 1, err.said);
    throw err;
  }
}
