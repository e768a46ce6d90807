// The name vat's own messages start with: strace prints its argv[0]; vat does when started under a name.
import { basename } from 'node:path';

/**
 * Set by bin/vat when it was started through a link of another name (a `strace` link standing in for strace):
 * that name (a POSIX shell cannot give node an argv[0]). Kept for the tracer thread; the command never sees it.
 */
export const ARGV0_ENV = 'VAT_ARGV0';

/**
 * `vat`, unless the process was started under a name of its own (`exec -a NAME node cli.js`, or bin/vat through
 * a link of another name): then that argv[0], as strace prints `argv[0]: message`.
 */
export const PROG = ownName(process.env[ARGV0_ENV] || process.argv0);

function ownName(argv0: string): string {
  if (argv0 === '' || argv0 === process.execPath || /^node(js)?[\d.]*(\.exe)?$/i.test(basename(argv0)))
    return 'vat';
  return argv0;
}
