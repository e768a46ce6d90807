// A profile in other tools' words: Docker and OCI seccomp JSON, systemd unit lines.
//
// libseccomp (behind Docker, runc and systemd) applies each listed name to every architecture the filter
// covers. So only architectures the profile recorded calls for are listed: x86_64 always, x86 (i386) when
// the profile has i386 calls, x32 never (listing it would open the x32 ABI, which the profile never saw).
import { errnoByName } from '../tables/errnos.js';
import { LIBSECCOMP_UNKNOWN, LIBSECCOMP_VERSION } from '../tables/generated/libseccomp.js';
import {
  type Allowed,
  allowedBy,
  familyName,
  familyNumber,
  SOCKETCALL_CREATING,
  SOCKETCALL_OTHERS,
} from './enforce.js';
import type { Profile } from './profile.js';

export interface Exported {
  readonly text: string;
  /** Where the format cannot say exactly what the profile says (each one line for stderr). */
  readonly warnings: string[];
}

interface SeccompRule {
  names: string[];
  action: 'SCMP_ACT_ALLOW';
  args?: { index: number; value: number; valueTwo: number; op: 'SCMP_CMP_EQ' }[];
  comment?: string;
}

/**
 * The allowed names an older libseccomp (behind systemd, Docker and runc) cannot resolve: they are skipped
 * with a log line at most, so the call stays refused there (fail-closed), and the user is told which.
 */
function unknownNames(allowed: Allowed, tool: string, skips: string, where: string): string | undefined {
  const unknown = [
    ...new Set(
      LIBSECCOMP_UNKNOWN.filter(([arch, name]) =>
        arch === 'x86_64' || arch === 'i386' ? allowed.syscalls[arch].has(name) : false,
      ).map(([, name]) => name),
    ),
  ].sort();
  if (unknown.length === 0) return undefined;
  const them = unknown.length === 1 ? 'it' : 'them';
  return `${tool} with libseccomp ${LIBSECCOMP_VERSION} or older does not know ${unknown.join(', ')}: ${skips} ${them}, so ${where} is refused ${unknown.length === 1 ? 'that call' : 'those calls'}`;
}

function rules(profile: Profile): { rules: SeccompRule[]; i386: boolean; warnings: string[] } {
  const allowed = allowedBy(profile);
  const warnings: string[] = [];
  const names = new Set([...allowed.syscalls.x86_64, ...allowed.syscalls.i386]);
  const i386 = allowed.syscalls.i386.size > 0;
  if (i386) {
    const onlyOne = [...names].filter(
      (n) => !(allowed.syscalls.x86_64.has(n) && allowed.syscalls.i386.has(n)),
    );
    if (onlyOne.length > 0)
      warnings.push(
        `libseccomp lists one set of names for x86_64 and x86: ${onlyOne.length} syscall(s) recorded on only one of them are allowed on both (${onlyOne.slice(0, 5).join(', ')}${onlyOne.length > 5 ? ', ...' : ''})`,
      );
  }
  const unknown = unknownNames(allowed, 'Docker or runc', 'the profile loader skips', 'the container');
  if (unknown) warnings.push(unknown);
  const restrictSocket = names.has('socket') && allowed.families.length > 0;
  if (restrictSocket) names.delete('socket');
  // families checked (32 bits) before anything is written
  const families = allowed.families.map((fam) => ({ fam, nr: familyNumber(fam) }));
  const restrictSocketcall = names.has('socketcall') && allowed.families.length > 0;
  if (restrictSocketcall) {
    names.delete('socketcall');
    warnings.push(
      `socket families are restricted: i386 socketcall is allowed only for sub-calls that create no socket (not SYS_SOCKET ${SOCKETCALL_CREATING[0]} or SYS_SOCKETPAIR ${SOCKETCALL_CREATING[1]}), since seccomp cannot read its arguments`,
    );
  }
  const out: SeccompRule[] = [{ names: [...names].sort(), action: 'SCMP_ACT_ALLOW' }];
  if (restrictSocket)
    for (const { fam, nr } of families)
      out.push({
        names: ['socket'],
        action: 'SCMP_ACT_ALLOW',
        args: [{ index: 0, value: nr, valueTwo: 0, op: 'SCMP_CMP_EQ' }],
        comment: fam,
      });
  if (restrictSocketcall)
    for (const call of SOCKETCALL_OTHERS)
      out.push({
        names: ['socketcall'],
        action: 'SCMP_ACT_ALLOW',
        args: [{ index: 0, value: call, valueTwo: 0, op: 'SCMP_CMP_EQ' }],
        comment: `socketcall sub-call ${call}: creates no socket`,
      });
  return { rules: out, i386, warnings };
}

export function dockerProfile(profile: Profile, errno = 'EPERM'): Exported {
  const r = rules(profile);
  const doc = {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: errnoNumber(errno),
    archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: r.i386 ? ['SCMP_ARCH_X86'] : [] }],
    syscalls: r.rules,
  };
  return { text: `${JSON.stringify(doc, null, 2)}\n`, warnings: r.warnings };
}

/** The `linux.seccomp` object of an OCI runtime config.json. */
export function ociProfile(profile: Profile, errno = 'EPERM'): Exported {
  const r = rules(profile);
  const doc = {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: errnoNumber(errno),
    architectures: ['SCMP_ARCH_X86_64', ...(r.i386 ? ['SCMP_ARCH_X86'] : [])],
    syscalls: r.rules.map(({ comment: _c, ...rule }) => rule),
  };
  return { text: `${JSON.stringify(doc, null, 2)}\n`, warnings: r.warnings };
}

export function systemdLines(profile: Profile, errno = 'EPERM'): Exported {
  const allowed = allowedBy(profile);
  const warnings: string[] = [];
  const all = new Set([...allowed.syscalls.x86_64, ...allowed.syscalls.i386]);
  // systemd's RestrictAddressFamilies= covers socket() only: socketcall(SYS_SOCKET) would bypass it
  if (all.has('socketcall') && allowed.families.length > 0) {
    all.delete('socketcall');
    warnings.push(
      'socket families are restricted: i386 socketcall is left out of SystemCallFilter= (systemd cannot check its sub-call; RestrictAddressFamilies= does not see it)',
    );
  }
  const names = [...all].sort();
  const unknown = unknownNames(allowed, 'systemd', 'SystemCallFilter= skips', 'the unit');
  if (unknown) warnings.push(unknown);
  const lines = ['# generated by vat seccomp --format systemd: add to the [Service] section'];
  // one long line is valid; several SystemCallFilter= lines are unioned by systemd: keep them readable
  for (let i = 0; i < names.length; i += 12)
    lines.push(`SystemCallFilter=${names.slice(i, i + 12).join(' ')}`);
  lines.push(`SystemCallErrorNumber=${errno}`);
  lines.push(`SystemCallArchitectures=native${allowed.syscalls.i386.size > 0 ? ' x86' : ''}`);
  const socketUsed = allowed.syscalls.x86_64.has('socket') || allowed.syscalls.i386.has('socket');
  // systemd parses family names only (`AF_INET`): a number without a name cannot be allowed there
  const families: string[] = [];
  for (const fam of allowed.families) {
    const name = familyName(familyNumber(fam));
    if (name) families.push(name);
    else
      warnings.push(
        `socket family ${fam} has no name systemd can parse: RestrictAddressFamilies= leaves it out, so its sockets are refused`,
      );
  }
  if (families.length > 0) lines.push(`RestrictAddressFamilies=${[...new Set(families)].join(' ')}`);
  else if (allowed.families.length > 0) lines.push('RestrictAddressFamilies=none');
  else if (!socketUsed) lines.push('RestrictAddressFamilies=none');
  else {
    lines.push('# RestrictAddressFamilies= not set: socket() was recorded without its families');
    warnings.push('socket() was recorded without its families: RestrictAddressFamilies= is left out');
  }
  return { text: `${lines.join('\n')}\n`, warnings };
}

function errnoNumber(name: string): number {
  const v = /^\d+$/.test(name) ? Number(name) : errnoByName(name)?.value;
  if (v === undefined) throw new Error(`unknown errno ${name}`);
  return v;
}
