import { compileSeccomp, disassemble, encodeProgram } from '../../bpf/index.js';
import { UsageError } from '../../errors.js';
import { SANDBOX_MODES, type SandboxMode, sandboxPolicy } from '../../security/enforce.js';
import { dockerProfile, ociProfile, systemdLines } from '../../security/export.js';
import { loadProfile } from '../../security/profile.js';
import { checkOutputPath, writeOutputFile } from '../../sink/output-check.js';
import { errnoByName } from '../../tables/errnos.js';
import { PROG } from '../../util/prog-name.js';
import { didYouMean } from '../../util/suggest.js';
import { parseSubcommand, printHelp } from '../parse-subcommand.js';

const FORMATS = ['docker', 'oci', 'systemd', 'bpf', 'bpf-asm'] as const;
type Format = (typeof FORMATS)[number];

export const SECCOMP_HELP = `usage: vat seccomp P.json --format docker|oci|systemd|bpf|bpf-asm [-o OUT] [--mode errno|kill|log] [--errno E]

  docker     Docker seccomp profile (docker run --security-opt seccomp=OUT)
  oci        the linux.seccomp object of an OCI runtime config.json
  systemd    SystemCallFilter=, SystemCallArchitectures=, RestrictAddressFamilies= lines for a unit
  bpf        vat's compiled classic BPF program (struct sock_filter[], 8 bytes each; needs -o)
  bpf-asm    its listing in bpf_asm syntax, with comments
  --mode M   bpf and bpf-asm: what a call outside the profile gets: errno (default), kill, or log
             (SECCOMP_RET_TRACE, for vat sandbox --mode log)
  --errno E  the errno of denied calls (default EPERM)

Every syscall any executable of the profile used is allowed (one filter covers the process tree);
socket() only for the recorded families; the x32 ABI and foreign architectures are denied.`;

export function parseErrno(value: string | undefined): string {
  const e = value ?? 'EPERM';
  if (/^\d+$/.test(e) && Number(e) > 0 && Number(e) < 4096) return e;
  if (errnoByName(e)) return e;
  throw new UsageError(`unknown errno '${e}'`);
}

export function parseMode(value: string | undefined, fallback: SandboxMode): SandboxMode {
  if (value === undefined) return fallback;
  if ((SANDBOX_MODES as readonly string[]).includes(value)) return value as SandboxMode;
  throw new UsageError(
    `unknown mode '${value}' (${SANDBOX_MODES.join(', ')})${didYouMean(value, SANDBOX_MODES)}`,
  );
}

export function seccompCommand(argv: string[]): number {
  const { values, positionals } = parseSubcommand('seccomp', argv, {
    format: { type: 'string', short: 'F' },
    output: { type: 'string', short: 'o' },
    mode: { type: 'string' },
    errno: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    printHelp(SECCOMP_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError('seccomp: give one profile (vat seccomp P.json --format F)');
  const format = values.format ?? 'docker';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(
      `seccomp: unknown format '${format}' (${FORMATS.join(', ')})${didYouMean(format, FORMATS)}`,
    );
  const errno = parseErrno(values.errno);
  const mode = parseMode(values.mode, 'errno');
  const profile = loadProfile(positionals[0] as string);
  let out: string | Uint8Array;
  let warnings: string[] = [];
  switch (format as Format) {
    case 'docker':
    case 'oci':
    case 'systemd': {
      const make = format === 'docker' ? dockerProfile : format === 'oci' ? ociProfile : systemdLines;
      const r = make(profile, errno);
      out = r.text;
      warnings = r.warnings;
      break;
    }
    case 'bpf':
    case 'bpf-asm': {
      const insns = compileSeccomp(sandboxPolicy(profile, mode, /^\d+$/.test(errno) ? Number(errno) : errno));
      out = format === 'bpf' ? encodeProgram(insns) : disassemble(insns);
      break;
    }
  }
  for (const w of warnings) process.stderr.write(`${PROG}: seccomp: ${w}\n`);
  if (values.output === undefined || values.output === '-') {
    if (typeof out !== 'string' && process.stdout.isTTY)
      throw new UsageError('seccomp: --format bpf is binary: give -o FILE');
    process.stdout.write(out);
  } else {
    checkOutputPath(values.output);
    writeOutputFile(values.output, out);
  }
  return 0;
}
