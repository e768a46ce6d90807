// quotactl(2) and quotactl_fd(2) as strace's quota.c prints them: QCMD(cmd, type) under each -X style, then per
// command the id (a uid, a format, or nothing) and the data (if_dqblk, if_nextdqblk, if_dqinfo, the format, a path,
// XFS's fs_disk_quota, fs_quota_stat(v) and flags), at entry for SET commands and at exit for GET ones. Layouts come
// from the generated struct table.
import { int, NONE, ptr, sym, text, type Value } from '../../model/value.js';
import { cString } from '../args/strings.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { abbreviated, currentConstStyle } from '../xlat.js';
import { layout } from './gen-layout.js';
import { readLayout } from './ioctl-shape.js';
import { enumOf, flagsOf, nameOf, twoPhase, u32, u64, view } from './util.js';

const LIMITS = [
  'dqb_bhardlimit',
  'dqb_bsoftlimit',
  'dqb_curspace',
  'dqb_ihardlimit',
  'dqb_isoftlimit',
  'dqb_curinodes',
];
const valid = ['dqb_valid', { flags: 'if_dqblk_valid', t: 'u32' }] as const;
const DQBLK = layout('if_dqblk', [...LIMITS, 'dqb_btime', 'dqb_itime', valid]);
const NEXTDQBLK = layout('if_nextdqblk', [...LIMITS, 'dqb_btime', 'dqb_itime', valid, 'dqb_id']);
const DQINFO = layout('if_dqinfo', [
  'dqi_bgrace',
  'dqi_igrace',
  ['dqi_flags', { flags: 'if_dqinfo_flags', t: 'u32' }],
  ['dqi_valid', { flags: 'if_dqinfo_valid', t: 'u32' }],
]);

const DISK_QUOTA = layout('fs_disk_quota', [
  'd_version',
  ['d_flags', { flags: 'xfs_dqblk_flags', t: 'u8' }],
  ['d_fieldmask', { x: 'u16' }],
  'd_id',
  'd_blk_hardlimit',
  'd_blk_softlimit',
  'd_ino_hardlimit',
  'd_ino_softlimit',
  'd_bcount',
  'd_icount',
  'd_itimer',
  'd_btimer',
  'd_iwarns',
  'd_bwarns',
  'd_rtb_hardlimit',
  'd_rtb_softlimit',
  'd_rtbcount',
  'd_rtbtimer',
  'd_rtbwarns',
]);
const QFILESTAT = layout('fs_qfilestat', ['qfs_ino', 'qfs_nblks', 'qfs_nextents']);
const QFILESTATV = layout('fs_qfilestatv', ['qfs_ino', 'qfs_nblks', 'qfs_nextents']);
const XFS_FLAGS = ['qs_flags', { flags: 'xfs_quota_flags', t: 'u16' }] as const;
const TIME_LIMITS = ['qs_btimelimit', 'qs_itimelimit', 'qs_rtbtimelimit', 'qs_bwarnlimit', 'qs_iwarnlimit'];
const QUOTA_STAT = layout('fs_quota_stat', [
  'qs_version',
  XFS_FLAGS,
  ['qs_uquota', { struct: QFILESTAT }],
  ['qs_gquota', { struct: QFILESTAT }],
  'qs_incoredqs',
  ...TIME_LIMITS,
]);
const QUOTA_STATV = layout('fs_quota_statv', [
  'qs_version',
  XFS_FLAGS,
  'qs_incoredqs',
  ['qs_uquota', { struct: QFILESTATV }],
  ['qs_gquota', { struct: QFILESTATV }],
  ['qs_pquota', { struct: QFILESTATV }],
  ...TIME_LIMITS,
]);

/** Without -v strace stops after the field `last` with `...`. */
function cutUnlessVerbose(c: CallContext, v: Value, last: string): Value {
  if (c.opts.verbose || v.k !== 'struct') return v;
  const end = v.fields.findIndex(([n]) => n === last);
  return { k: 'struct', fields: v.fields.slice(0, end + 1), more: true };
}

/** A u32 of flags behind a pointer: `[FS_QUOTA_UDQ_ACCT|...]`. */
const flagsAt = (c: CallContext, addr: bigint, table: string): Value => {
  const v = view(c, addr, 4);
  return v ? { k: 'array', items: [flagsOf(table, v.getUint32(0, true))] } : ptr(addr);
};

/** Without -v strace stops after dqb_curinodes (and dqb_id for Q_GETNEXTQUOTA) with `...`. */
function dqblk(c: CallContext, addr: bigint, next: boolean): Value {
  const full = next ? NEXTDQBLK : DQBLK;
  const v = readLayout(c, addr, full);
  if (c.opts.verbose || v.k !== 'struct') return v;
  const keep = new Set([...LIMITS, ...(next ? ['dqb_id'] : [])]);
  return { k: 'struct', fields: v.fields.filter(([n]) => keep.has(n)), more: true };
}

const cmdIndex = (c: CallContext): number => (c.name === 'quotactl_fd' ? 1 : 0);
const command = (c: CallContext): string => nameOf('quota_cmds', u32(c, cmdIndex(c)) >>> 8) ?? '';

/** printuid: (uid_t)-1 as -1, any other id unsigned. */
const uid = (v: number): Value => int(v === 0xffffffff ? -1 : v);

const NO_ID = new Set([
  'Q_QUOTAOFF',
  'Q_SYNC',
  'Q_XQUOTASYNC',
  'Q_GETFMT',
  'Q_GETINFO',
  'Q_SETINFO',
  'Q_XGETQSTAT',
  'Q_XGETQSTATV',
  'Q_XQUOTAON',
  'Q_XQUOTAOFF',
  'Q_XQUOTARM',
]);
const NOTHING = new Set(['Q_QUOTAOFF', 'Q_SYNC', 'Q_XQUOTASYNC']);
const AT_EXIT = new Set([
  'Q_GETQUOTA',
  'Q_GETNEXTQUOTA',
  'Q_GETFMT',
  'Q_GETINFO',
  'Q_XGETQUOTA',
  'Q_XGETNEXTQUOTA',
  'Q_XGETQSTAT',
  'Q_XGETQSTATV',
]);

/** QCMD(cmd, type): the names always abbreviated; -X raw prints the number alone, -X verbose both. */
const quotactlCmd: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const q = u32(c, i);
    const style = currentConstStyle();
    if (style === 'raw') return int(q);
    const body = abbreviated(() => {
      const cmd = enumOf('quota_cmds', q >>> 8);
      const type = enumOf('quota_types', q & 0xff);
      const t = (v: Value): string => (v.k === 'sym' ? v.text : `${v.k === 'int' ? v.v : ''}`);
      return `QCMD(${t(cmd)}, ${t(type)})`;
    });
    return style === 'verbose' ? text(`${q} /* ${body} */`) : sym(body);
  },
};

const quotactlId: ArgDecoder = twoPhase(
  (c, i) => {
    const cmd = command(c);
    if (NO_ID.has(cmd)) return NONE;
    return cmd === 'Q_QUOTAON' ? enumOf('quota_formats', u32(c, i)) : uid(u32(c, i));
  },
  () => NONE,
  false,
);

const quotactlAddr: ArgDecoder = twoPhase(
  (c, i) => {
    const cmd = command(c);
    const addr = u64(c, i);
    if (NOTHING.has(cmd)) return NONE;
    if (AT_EXIT.has(cmd)) return undefined;
    if (cmd === 'Q_QUOTAON') return cString(c, addr, 4096);
    if (cmd === 'Q_SETQUOTA') return dqblk(c, addr, false);
    if (cmd === 'Q_SETINFO') return readLayout(c, addr, DQINFO);
    if (cmd === 'Q_XSETQLIM') return cutUnlessVerbose(c, readLayout(c, addr, DISK_QUOTA), 'd_icount');
    if (cmd === 'Q_XQUOTAON' || cmd === 'Q_XQUOTAOFF') return flagsAt(c, addr, 'xfs_quota_flags');
    if (cmd === 'Q_XQUOTARM') return flagsAt(c, addr, 'xfs_dqblk_flags');
    return ptr(addr);
  },
  (c, i) => {
    const addr = u64(c, i);
    if (c.failed || addr === 0n) return ptr(addr);
    switch (command(c)) {
      case 'Q_GETQUOTA':
        return dqblk(c, addr, false);
      case 'Q_GETNEXTQUOTA':
        return dqblk(c, addr, true);
      case 'Q_GETINFO':
        return readLayout(c, addr, DQINFO);
      case 'Q_XGETQUOTA':
      case 'Q_XGETNEXTQUOTA':
        return cutUnlessVerbose(c, readLayout(c, addr, DISK_QUOTA), 'd_icount');
      case 'Q_XGETQSTAT':
        return cutUnlessVerbose(c, readLayout(c, addr, QUOTA_STAT), 'qs_version');
      case 'Q_XGETQSTATV':
        return cutUnlessVerbose(c, readLayout(c, addr, QUOTA_STATV), 'qs_version');
      default: {
        const v = view(c, addr, 4);
        return v ? { k: 'array', items: [enumOf('quota_formats', v.getUint32(0, true))] } : ptr(addr);
      }
    }
  },
);

export const QUOTACTL_DECODERS = {
  quotactl_cmd: quotactlCmd,
  quotactl_id: quotactlId,
  quotactl_addr: quotactlAddr,
} as const satisfies Record<string, ArgDecoder>;
