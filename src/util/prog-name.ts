// The name vat's own messages start with: strace prints its argv[0]; vat does when started under a name.
import { basename } from 'node:path';

/**
 * `vat`, unless the process was started under a name of its own (`exec -a NAME node cli.js`, as a wrapper
 * standing in for strace does): then that argv[0], as strace prints `argv[0]: message`.
 */
export const PROG = ownName(process.argv0);

function ownName(argv0: string): string {
  if (argv0 === '' || argv0 === process.execPath || /^node(js)?[\d.]*(\.exe)?$/i.test(basename(argv0)))
    return 'vat';
  return argv0;
}
