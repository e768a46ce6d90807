// System V IPC buffers as strace's ipc_msgctl.c, ipc_semctl.c, ipc_shmctl.c, ipc_sem.c and print_msgbuf.c print
// them: the *_ds structs (IPC_SET's few fields at entry, the *_STAT ones at exit), the *_INFO structs, struct msgbuf
// with its text, and semop's sembuf array. Layouts come from the generated table (the IPC_64 structs of x86_64).
import { int, ptr, type Value } from '../../model/value.js';
import { byteBuffer } from '../args/strings.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { idValue } from '../structs/read.js';
import { lookupXlat } from '../xlat.js';
import { type FieldKind, type Layout, readLayout } from './ioctl-shape.js';
import { layoutOf, type MemberOf, member, type StructName, sizeOf } from './layout.js';
import { flagsOf, nameOf, twoPhase, u32, u64, view } from './util.js';

const id: FieldKind = { custom: (v, off) => idValue(v.getUint32(off, true)) };
const mode: FieldKind = { custom: (v, off) => ({ k: 'oct', v: v.getUint32(off, true) }) };
/** PRINT_FIELD_U of a signed member: its bits as unsigned. */
const unsigned = (t: string): FieldKind =>
  t === 'i64' ? 'u64' : t === 'i32' ? 'u32' : (t as FieldKind & string);

/** struct ipc64_perm inside `s` at `perm`: uid, gid, mode, then (except for IPC_SET) key, cuid, cgid. */
function perm<S extends StructName>(s: S, p: string, full: boolean): Layout {
  const m = (name: string) => `${p}.${name}` as MemberOf<S>;
  const specs = [
    [m('uid'), id],
    [m('gid'), id],
    [m('mode'), mode],
    ...(full ? [[m('key'), unsigned] as const, [m('cuid'), id] as const, [m('cgid'), id] as const] : []),
  ] as const;
  return layoutOf(s, specs, p as MemberOf<S>);
}

const msqid = (full: boolean): Layout =>
  layoutOf('msqid64_ds', [
    ['msg_perm', { struct: perm('msqid64_ds', 'msg_perm', full) }],
    ...(full
      ? ([['msg_stime', unsigned], ['msg_rtime', unsigned], ['msg_ctime', unsigned], 'msg_qnum'] as const)
      : []),
    'msg_qbytes',
    ...(full ? (['msg_lspid', 'msg_lrpid'] as const) : []),
  ]);
const semid = (full: boolean): Layout =>
  layoutOf('semid64_ds', [
    ['sem_perm', { struct: perm('semid64_ds', 'sem_perm', full) }],
    ...(full ? ([['sem_otime', unsigned], ['sem_ctime', unsigned], 'sem_nsems'] as const) : []),
  ]);
const shmid = (full: boolean): Layout =>
  layoutOf('shmid64_ds', [
    ['shm_perm', { struct: perm('shmid64_ds', 'shm_perm', full) }],
    ...(full
      ? ([
          'shm_segsz',
          'shm_cpid',
          'shm_lpid',
          'shm_nattch',
          ['shm_atime', unsigned],
          ['shm_dtime', unsigned],
          ['shm_ctime', unsigned],
        ] as const)
      : []),
  ]);
const MSGINFO = layoutOf('msginfo', [
  'msgpool',
  'msgmap',
  'msgmax',
  'msgmnb',
  'msgmni',
  'msgssz',
  'msgtql',
  'msgseg',
]);
const SEMINFO = layoutOf('seminfo', [
  'semmap',
  'semmni',
  'semmns',
  'semmnu',
  'semmsl',
  'semopm',
  'semume',
  'semusz',
  'semvmx',
  'semaem',
]);
const SHMINFO = layoutOf('shminfo64', ['shmmax', 'shmmin', 'shmmni', 'shmseg', 'shmall']);
const SHM_INFO = layoutOf('shm_info', [
  'used_ids',
  'shm_tot',
  'shm_rss',
  'shm_swp',
  'swap_attempts',
  'swap_successes',
]);

/** How one *ctl command shows its buffer: at entry (`set`), at exit (`stat`, `info`), or as an address. */
interface CtlShapes {
  readonly table: string;
  readonly cmdIndex: number;
  readonly set: Layout;
  readonly stat: Layout;
  readonly stats: readonly string[];
  readonly infos: Readonly<Record<string, Layout>>;
  /** semid_ds prints whenever readable, even after a failed call (strace's tfetch_mem). */
  readonly statEvenIfFailed?: boolean;
}

function ctlBuffer(o: CtlShapes): ArgDecoder {
  const cmdName = (c: CallContext): string => {
    const ipc64 = lookupXlat(o.table)?.withFlag?.[1] ?? 0;
    return nameOf(o.table, u32(c, o.cmdIndex) & ~ipc64) ?? '';
  };
  return twoPhase(
    (c, i) => {
      const cmd = cmdName(c);
      if (cmd === 'IPC_SET') return readLayout(c, u64(c, i), o.set);
      if (o.stats.includes(cmd) || cmd in o.infos) return undefined;
      return ptr(u64(c, i));
    },
    (c, i) => {
      const addr = u64(c, i);
      const cmd = cmdName(c);
      const layout = o.infos[cmd] ?? o.stat;
      if (addr === 0n || (c.failed && !(o.statEvenIfFailed && layout === o.stat))) return ptr(addr);
      return readLayout(c, addr, layout);
    },
  );
}

/** struct msgbuf: mtype, then msgsz bytes of text (printstrn); the address when unreadable. */
function msgbuf(c: CallContext, addr: bigint, index: number): Value {
  // an i386 program's mtype is a 4-byte long, its text right after it
  const i386 = c.abi === 'i386';
  const v = view(c, addr, i386 ? 4 : sizeOf('msgbuf'));
  if (!v) return ptr(addr);
  const type = member('msgbuf', 'mtype');
  const text = i386 ? 4 : member('msgbuf', 'mtext').offset;
  return {
    k: 'struct',
    fields: [
      ['mtype', int(i386 ? BigInt(v.getInt32(0, true)) : v.getBigInt64(type.offset, true))],
      ['mtext', byteBuffer(c, addr + BigInt(text), Number(u64(c, index + 1)))],
    ],
  };
}

/** semop/semtimedop's sops: nsops sembufs (the argument after them). */
function sembuf(c: CallContext, addr: bigint, index: number): Value {
  const num = member('sembuf', 'sem_num').offset;
  const op = member('sembuf', 'sem_op').offset;
  const flg = member('sembuf', 'sem_flg').offset;
  return memArray(c, addr, u32(c, index + 1), sizeOf('sembuf'), (v, off) => ({
    k: 'struct',
    fields: [
      ['sem_num', int(v.getUint16(off + num, true))],
      ['sem_op', int(v.getInt16(off + op, true))],
      ['sem_flg', flagsOf('semop_flags', v.getUint16(off + flg, true))],
    ],
  }));
}

export const IPC_STRUCTS = { msgbuf, sembuf } as const;

export const IPC_DECODERS = {
  msgctl_buf: ctlBuffer({
    table: 'msgctl_cmd',
    cmdIndex: 1,
    set: msqid(false),
    stat: msqid(true),
    stats: ['IPC_STAT', 'MSG_STAT', 'MSG_STAT_ANY'],
    infos: { IPC_INFO: MSGINFO, MSG_INFO: MSGINFO },
  }),
  semctl_arg: ctlBuffer({
    table: 'semctl_cmd',
    cmdIndex: 2,
    set: semid(false),
    stat: semid(true),
    stats: ['IPC_STAT', 'SEM_STAT', 'SEM_STAT_ANY'],
    infos: { IPC_INFO: SEMINFO, SEM_INFO: SEMINFO },
    statEvenIfFailed: true,
  }),
  shmctl_buf: ctlBuffer({
    table: 'shmctl_cmd',
    cmdIndex: 1,
    set: shmid(false),
    stat: shmid(true),
    stats: ['IPC_STAT', 'SHM_STAT', 'SHM_STAT_ANY'],
    infos: { IPC_INFO: SHMINFO, SHM_INFO: SHM_INFO },
  }),
} as const satisfies Record<string, ArgDecoder>;
