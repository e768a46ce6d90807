// The tools' names alone: dist/cli.js reads them to choose which script to run (a tool's, or the trace's smaller
// one) before it loads either; commands/index.ts maps each to its handler and the compiler checks the two agree.
export const COMMAND_NAMES = [
  'syscalls',
  'errno',
  'signals',
  'import',
  'convert',
  'summary',
  'profile',
  'seccomp',
  'sandbox',
  'files',
  'why',
  'stuck',
  'advise',
  'compare',
  'report',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** The first arguments the full CLI answers (a tool, the overall help, the version); any other is a trace. */
export const isToolArgv = (first: string | undefined): boolean =>
  first !== undefined &&
  ((COMMAND_NAMES as readonly string[]).includes(first) ||
    ['--help', '-h', '--version', '-V'].includes(first));
