// ioctl(2): the request by name (every name the headers give that value, `A or B`, else strace's
// `_IOC(dir, type, nr, size)`), and the argument by request (strace's term_ioctl, fs, random ioctls): a table
// of shapes keyed by request name.
import { int, NONE, ptr, sym, type Value } from '../../model/value.js';
import { byteBuffer } from '../args/strings.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { currentConstStyle, formatFlags, lookupXlat } from '../xlat.js';
import { BLOCK_SHAPES } from './ioctl-block.js';
import { BTRFS_SHAPES } from './ioctl-btrfs.js';
import { COUNTER_SHAPES } from './ioctl-counter.js';
import { DEVICE_SHAPES } from './ioctl-devices.js';
import { DM_SHAPES } from './ioctl-dm.js';
import { evdevNumberedName, evdevShape } from './ioctl-evdev.js';
import { FS_SHAPES } from './ioctl-fs.js';
import { GPIO_SHAPES } from './ioctl-gpio.js';
import { HDIO_SHAPES } from './ioctl-hdio.js';
import { IFREQ, IFREQ_SHAPES, ifrName, ifrSockaddr } from './ioctl-ifreq.js';
import { KD_SHAPES } from './ioctl-kd.js';
import { LOOP_SHAPES } from './ioctl-loop.js';
import { MTD_SHAPES } from './ioctl-mtd.js';
import { NSFS_SHAPES } from './ioctl-nsfs.js';
import { PTP_SHAPES } from './ioctl-ptp.js';
import { RTC_SHAPES } from './ioctl-rtc.js';
import { SCSI_SHAPES } from './ioctl-scsi.js';
import { SECCOMP_SHAPES } from './ioctl-seccomp.js';
import type { Shape, Staged } from './ioctl-shape.js';
import { TEE_SHAPES } from './ioctl-tee.js';
import { UBI_SHAPES } from './ioctl-ubi.js';
import { UFFDIO_SHAPES } from './ioctl-uffdio.js';
import { V4L2_SHAPES } from './ioctl-v4l2.js';
import { PERF_SHAPES } from './perf.js';
import {
  byValue,
  derefIndirect,
  derefView,
  enumOf,
  flagsOf,
  ifOk,
  readInt,
  twoPhase,
  u32,
  u64,
  view,
  xv,
  xval,
} from './util.js';

/** The _IOC layout and termios masks, from the ioctl_consts table (asm-generic/ioctl.h, termbits.h). */
const K = (name: string): number => xv('ioctl_consts', name);
const iocDir = (code: number): number => code >>> K('_IOC_DIRSHIFT');
const iocType = (code: number): number => (code >>> K('_IOC_TYPESHIFT')) & K('_IOC_TYPEMASK');
const iocNr = (code: number): number => (code >>> K('_IOC_NRSHIFT')) & K('_IOC_NRMASK');
const iocSize = (code: number): number => (code >>> K('_IOC_SIZESHIFT')) & K('_IOC_SIZEMASK');

const hexText = (n: number): string => (n === 0 ? '0' : `0x${n.toString(16)}`);

/** Every name of a request value, in the table's order (value, then name). */
let names: Map<number, string[]> | undefined;
function namesOf(code: number): readonly string[] {
  if (!names) {
    names = new Map();
    // the headers' requests, the aliases strace names that no header defines, the kernel-internal sg requests,
    // then OpenZFS's (strace's ioctls_zfs.h: a module outside the kernel tree)
    for (const [n, v] of [
      ...(lookupXlat('ioctl_cmd')?.values ?? []),
      ...(lookupXlat('ioctl_cmd_aliases')?.values ?? []),
      ...(lookupXlat('ioctl_cmd_scsi')?.values ?? []),
      ...(lookupXlat('ioctl_cmd_zfs')?.values ?? []),
    ]) {
      const list = names.get(v >>> 0);
      if (list) list.push(n);
      else names.set(v >>> 0, [n]);
    }
  }
  return names.get(code) ?? [];
}

/** strace's ioctl_print_code: `_IOC(_IOC_READ|_IOC_WRITE, 0x54, 0x13, 0x8)`. */
function iocText(code: number): string {
  const dir = iocDir(code);
  const dirs =
    dir === 0
      ? '_IOC_NONE'
      : [dir & K('_IOC_READ') ? '_IOC_READ' : '', dir & K('_IOC_WRITE') ? '_IOC_WRITE' : '']
          .filter(Boolean)
          .join('|');
  return `_IOC(${dirs}, ${hexText(iocType(code))}, ${hexText(iocNr(code))}, ${hexText(iocSize(code))})`;
}

/** strace's ioctl_decode_command_number: requests named with a parameter, `EVIOCGNAME(256)`. */
function numberedName(code: number): string | undefined {
  const dir = iocDir(code);
  const nr = iocNr(code);
  const size = iocSize(code);
  const IOC_READ = K('_IOC_READ');
  const IOC_WRITE = K('_IOC_WRITE');
  switch (String.fromCharCode(iocType(code))) {
    case 'E': {
      const byType = evdevNumberedName(code, currentConstStyle() === 'verbose');
      if (byType) return byType;
      if (dir !== IOC_READ) return undefined;
      const evdev: Readonly<Record<number, string>> = {
        6: 'EVIOCGNAME',
        7: 'EVIOCGPHYS',
        8: 'EVIOCGUNIQ',
        9: 'EVIOCGPROP',
        10: 'EVIOCGMTSLOTS',
        24: 'EVIOCGKEY',
        25: 'EVIOCGLED',
        26: 'EVIOCGSND',
        27: 'EVIOCGSW',
      };
      return evdev[nr] === undefined ? undefined : `${evdev[nr]}(${size})`;
    }
    case 'H': {
      const hid: Readonly<Record<number, string>> =
        dir === IOC_READ
          ? {
              4: 'HIDIOCGRAWNAME',
              5: 'HIDIOCGRAWPHYS',
              6: 'HIDIOCSFEATURE',
              8: 'HIDIOCGRAWUNIQ',
              18: 'HIDIOCGPHYS',
            }
          : dir === (IOC_READ | IOC_WRITE)
            ? { 6: 'HIDIOCSFEATURE', 7: 'HIDIOCGFEATURE' }
            : {};
      return hid[nr] === undefined ? undefined : `${hid[nr]}(${size})`;
    }
    case 'M':
      if (dir === IOC_WRITE) return `MIXER_WRITE(${nr})`;
      return dir === IOC_READ ? `MIXER_READ(${nr})` : undefined;
    case 'U':
      return dir === IOC_READ && nr === 0x2c ? `UI_GET_SYSNAME(${size})` : undefined;
    case 'j':
      return dir === IOC_READ && nr === 0x13 ? `JSIOCGNAME(${size})` : undefined;
    case 'k':
      return dir === IOC_WRITE && nr === 0 ? `SPI_IOC_MESSAGE(${size})` : undefined;
    default:
      return undefined;
  }
}

/** The request as strace prints it. */
export function ioctlRequestText(code: number): string {
  const numbered = numberedName(code);
  const known = namesOf(code);
  const text =
    known.length === 0
      ? (numbered ?? iocText(code))
      : [...(numbered ? [numbered] : []), ...known].join(' or ');
  // -X raw/verbose: the number, with the names (or the _IOC decomposition) in a comment (`0x5401 /* TCGETS */`)
  const style = currentConstStyle();
  if (style === 'abbrev') return text;
  return style === 'raw' ? hexText(code) : `${hexText(code)} /* ${text} */`;
}

// struct termios/termios2/termio on x86_64 (include/uapi/asm-generic/termbits.h, termios.h)
const TERMIOS = { size: 36, iflag: 0, oflag: 4, cflag: 8, lflag: 12, line: 16, cc: 17, ncc: 19 } as const; // NCCS 19
const TERMIOS2 = { size: 44, ispeed: 36, ospeed: 40 } as const;
const TERMIO = { size: 18, iflag: 0, oflag: 2, cflag: 4, lflag: 6, line: 8, cc: 9, ncc: 8 } as const;
/** struct winsize (include/uapi/asm-generic/termios.h): four unsigned shorts. */
const WINSIZE = { size: 8, fields: ['ws_row', 'ws_col', 'ws_xpixel', 'ws_ypixel'] } as const;

/** printflags64 with no default: names and the unknown rest in hex, styled by -X; `0` for 0 (no comment). */
function plainFlags(table: string, value: number): string {
  const t = lookupXlat(table);
  if (value === 0) return '0';
  return t ? formatFlags(t, value >>> 0) : hexText(value >>> 0);
}

const enumText = (table: string, v: number): string => {
  const e = enumOf(table, v);
  return e.k === 'sym' ? e.text : hexText(v);
};

/** strace's decode_oflag: each delay field by name, then the other output flags. */
function oflagText(v: number): string {
  const fields: readonly [string, string][] = [
    ['term_oflags_nldly', 'NLDLY'],
    ['term_oflags_crdly', 'CRDLY'],
    ['term_oflags_tabdly', 'TABDLY'],
    ['term_oflags_bsdly', 'BSDLY'],
    ['term_oflags_vtdly', 'VTDLY'],
    ['term_oflags_ffdly', 'FFDLY'],
  ];
  const parts: string[] = [];
  let rest = v;
  for (const [table, mask] of fields) {
    parts.push(enumText(table, rest & K(mask)));
    rest &= ~K(mask);
  }
  parts.push(plainFlags('term_oflags', rest >>> 0));
  return parts.join('|');
}

/** strace's decode_cflag: the baud rate, the input baud rate when set, the character size, then the flags. */
function cflagText(v: number): string {
  const [cbaud, cibaud, csize, ibshift] = [K('CBAUD'), K('CIBAUD'), K('CSIZE'), K('IBSHIFT')];
  const parts = [enumText('baud_options', v & cbaud)];
  if ((v & cibaud) >>> 0)
    parts.push(`${enumText('baud_options', ((v & cibaud) >>> 0) >>> ibshift)}<<IBSHIFT`);
  parts.push(enumText('term_cflags_csize', v & csize));
  parts.push(plainFlags('term_cflags', (v & ~(cbaud | cibaud | csize)) >>> 0));
  return parts.join('|');
}

function termFlags(iflag: number, oflag: number, cflag: number, lflag: number): [string, Value][] {
  return [
    ['c_iflag', sym(plainFlags('term_iflags', iflag))],
    ['c_oflag', sym(oflagText(oflag))],
    ['c_cflag', sym(cflagText(cflag))],
    ['c_lflag', sym(plainFlags('term_lflags', lflag))],
  ];
}

function ccArray(v: DataView, off: number, n: number): Value {
  const items: Value[] = [];
  for (let i = 0; i < n; i++) {
    const name = lookupXlat('termios_cc')?.values.find(([, x]) => x === i)?.[0] ?? String(i);
    items.push(sym(`[${name}]=${hexText(v.getUint8(off + i))}`));
  }
  return { k: 'array', items };
}

function termios(c: CallContext, addr: bigint, two: boolean): Value {
  const T = TERMIOS;
  const v = derefView(c, addr, two ? TERMIOS2.size : T.size);
  if (!v) return ptr(addr);
  const u = (o: number) => v.getUint32(o, true);
  const fields = termFlags(u(T.iflag), u(T.oflag), u(T.cflag), u(T.lflag));
  if (!c.opts.verbose) return { k: 'struct', fields, more: true };
  fields.push(['c_line', enumOf('term_line_discs', v.getUint8(T.line))], ['c_cc', ccArray(v, T.cc, T.ncc)]);
  if (two) fields.push(['c_ispeed', int(u(TERMIOS2.ispeed))], ['c_ospeed', int(u(TERMIOS2.ospeed))]);
  return { k: 'struct', fields };
}

function termio(c: CallContext, addr: bigint): Value {
  const T = TERMIO;
  const v = derefView(c, addr, T.size);
  if (!v) return ptr(addr);
  const u = (o: number) => v.getUint16(o, true);
  const fields = termFlags(u(T.iflag), u(T.oflag), u(T.cflag), u(T.lflag));
  if (!c.opts.verbose) return { k: 'struct', fields, more: true };
  fields.push(['c_line', enumOf('term_line_discs', v.getUint8(T.line))], ['c_cc', ccArray(v, T.cc, T.ncc)]);
  return { k: 'struct', fields };
}

function winsize(c: CallContext, addr: bigint): Value {
  const v = derefView(c, addr, WINSIZE.size);
  if (!v) return ptr(addr);
  return { k: 'struct', fields: WINSIZE.fields.map((n, i) => [n, int(v.getUint16(2 * i, true))] as const) };
}

// strace reads these through umove_or_printaddr (printnum_int, term.c, fs_f_ioctl.c): the address under -e verbose=none
const intAt = (c: CallContext, addr: bigint): Value => derefIndirect(c, addr, 4, readInt);
const flagsAt =
  (table: string) =>
  (c: CallContext, addr: bigint): Value =>
    derefIndirect(c, addr, 4, (v) => flagsOf(table, v.getUint32(0, true)));

const NO_ARG: Shape = { none: true };
const IN_INT: Shape = { in: intAt };
const OUT_INT: Shape = { out: intAt };
const IN_TERMIOS: Shape = { in: (c, a) => termios(c, a, false) };
const IN_TERMIOS2: Shape = { in: (c, a) => termios(c, a, true) };
const IN_TERMIO: Shape = { in: termio };
const IN_MODEM: Shape = { in: flagsAt('modem_flags') };
const IN_FS_FLAGS: Shape = { in: flagsAt('fs_ioc_flags') };
const decimalArg: Shape = { in: (_c, a) => int(Number(BigInt.asIntN(32, a))) };

/** struct ifconf (include/uapi/linux/if.h): ifc_len int @0, then the ifc_buf pointer @8. */
const IFCONF = { size: 16, len: 0, buf: 8 } as const;

/** print_ifc_len: the length, with `/* N * sizeof(struct ifreq) *\/` when it is a whole number of them. */
function ifcLen(len: number): Value {
  const n = Math.floor((len >>> 0) / IFREQ.size);
  return len > 0 && n * IFREQ.size === len
    ? { k: 'commented', value: int(len), comment: `${n} * sizeof(struct ifreq)` }
    : int(len);
}

/** One ifreq of SIOCGIFCONF's answer: its name and address. */
const IFR_ADDR = ifrSockaddr('ifr_addr');
const ifconfEntry = (c: CallContext, v: DataView): Value => ({
  k: 'struct',
  fields: [
    ['ifr_name', ifrName(v)],
    [IFR_ADDR[0], IFR_ADDR[1](c, v)],
  ],
});

/**
 * SIOCGIFCONF (strace's decode_ifconf): the length given at entry (only when a buffer is), at exit the length
 * the kernel wrote (`given => got` when they differ) and the ifreqs in the buffer, or the buffer's address when
 * there was none or the call failed.
 */
const ifconf: Shape = {
  staged: {
    in: (c, a) => {
      const v = view(c, a, IFCONF.size);
      if (!v) return { value: ptr(a), done: true };
      // kept for exit: the length and the buffer the caller gave
      return {
        value: {
          k: 'struct',
          fields: [
            ['ifc_len', int(v.getInt32(IFCONF.len, true))],
            ['ifc_buf', ptr(v.getBigUint64(IFCONF.buf, true))],
          ],
        },
      };
    },
    out: (c, a, entry) => {
      const [lenField, bufField] = entry.value.k === 'struct' ? entry.value.fields : [];
      const givenLen = lenField?.[1].k === 'int' ? Number(lenField[1].v) : 0;
      const givenBuf = bufField?.[1].k === 'ptr' ? bufField[1].v : 0n;
      const v = view(c, a, IFCONF.size);
      const fields: [string, Value][] = [];
      if (!v) {
        // strace prints what entry fetched
        fields.push(['ifc_len', ifcLen(givenLen)], ['ifc_buf', ptr(givenBuf)]);
        return { k: 'struct', fields };
      }
      const len = v.getInt32(IFCONF.len, true);
      const buf = v.getBigUint64(IFCONF.buf, true);
      const lenValue: Value =
        givenBuf !== 0n && givenLen !== len
          ? { k: 'changed', before: ifcLen(givenLen), after: ifcLen(len) }
          : ifcLen(givenBuf !== 0n ? givenLen : len);
      fields.push(['ifc_len', lenValue]);
      if (givenBuf === 0n || c.failed) {
        fields.push([
          'ifc_buf',
          buf !== givenBuf ? { k: 'changed', before: ptr(givenBuf), after: ptr(buf) } : ptr(givenBuf),
        ]);
      } else {
        const count = Math.floor((len >>> 0) / IFREQ.size);
        fields.push([
          'ifc_buf',
          memArray(c, buf, count, IFREQ.size, (ev, off) =>
            ifconfEntry(c, new DataView(ev.buffer, ev.byteOffset + off, IFREQ.size)),
          ),
        ]);
      }
      return { k: 'struct', fields };
    },
  },
};

/** sock_ioctl's requests whose argument strace prints as an address only (routes, ARP, bonding, bridges' ioctls,
 * timestamps, MII, the old interface calls). */
const SOCK_ADDRESS_ONLY = [
  'SIOCADDDLCI',
  'SIOCADDRT',
  'SIOCBONDCHANGEACTIVE',
  'SIOCBONDENSLAVE',
  'SIOCBONDINFOQUERY',
  'SIOCBONDRELEASE',
  'SIOCBONDSETHWADDR',
  'SIOCBONDSLAVEINFOQUERY',
  'SIOCDARP',
  'SIOCDELDLCI',
  'SIOCDELRT',
  'SIOCDIFADDR',
  'SIOCDRARP',
  'SIOCETHTOOL',
  'SIOCGARP',
  'SIOCGHWTSTAMP',
  'SIOCGIFBR',
  'SIOCGIFCOUNT',
  'SIOCGIFMEM',
  'SIOCGIFPFLAGS',
  'SIOCGIFVLAN',
  'SIOCGMIIPHY',
  'SIOCGMIIREG',
  'SIOCGRARP',
  'SIOCGSKNS',
  'SIOCGSTAMP_OLD',
  'SIOCGSTAMP_NEW',
  'SIOCGSTAMPNS_OLD',
  'SIOCGSTAMPNS_NEW',
  'SIOCRTMSG',
  'SIOCSARP',
  'SIOCSHWTSTAMP',
  'SIOCSIFBR',
  'SIOCSIFLINK',
  'SIOCSIFMEM',
  'SIOCSIFPFLAGS',
  'SIOCSIFVLAN',
  'SIOCSMIIREG',
  'SIOCSRARP',
  'SIOCWANDEV',
] as const;
const ADDRESS_ONLY: Shape = { in: (_c, a) => ptr(a) };

// biome-ignore format: one request per line
const SHAPES: Readonly<Record<string, Shape>> = {
  // term_ioctl
  TCGETS: { out: (c, a) => termios(c, a, false) },
  TIOCGLCKTRMIOS: { out: (c, a) => termios(c, a, false) },
  TCSETS: IN_TERMIOS, TCSETSW: IN_TERMIOS, TCSETSF: IN_TERMIOS, TIOCSLCKTRMIOS: IN_TERMIOS,
  TCGETS2: { out: (c, a) => termios(c, a, true) },
  TCSETS2: IN_TERMIOS2, TCSETSW2: IN_TERMIOS2, TCSETSF2: IN_TERMIOS2,
  TCGETA: { out: termio },
  TCSETA: IN_TERMIO, TCSETAW: IN_TERMIO, TCSETAF: IN_TERMIO,
  TIOCGWINSZ: { out: winsize },
  TIOCSWINSZ: { in: winsize },
  TCXONC: { in: (_c, a) => enumOf('tcxonc_options', a) },
  TCFLSH: { in: (_c, a) => enumOf('tcflsh_options', a) },
  TCSBRK: decimalArg, TCSBRKP: decimalArg, TIOCSCTTY: decimalArg,
  TIOCMGET: { out: flagsAt('modem_flags') },
  TIOCMBIS: IN_MODEM, TIOCMBIC: IN_MODEM, TIOCMSET: IN_MODEM,
  TIOCGPGRP: OUT_INT, TIOCGSID: OUT_INT, TIOCGETD: OUT_INT, TIOCGSOFTCAR: OUT_INT, TIOCGPTN: OUT_INT,
  FIONREAD: OUT_INT, TIOCOUTQ: OUT_INT, TIOCGEXCL: OUT_INT, TIOCGDEV: OUT_INT,
  TIOCSPGRP: IN_INT, TIOCSETD: IN_INT, FIONBIO: IN_INT, FIOASYNC: IN_INT, TIOCPKT: IN_INT,
  TIOCSSOFTCAR: IN_INT, TIOCSPTLCK: IN_INT,
  TIOCSTI: { in: (c, a) => byteBuffer(c, a, 1) },
  TIOCSBRK: NO_ARG, TIOCCBRK: NO_ARG, TIOCCONS: NO_ARG, TIOCNOTTY: NO_ARG, TIOCEXCL: NO_ARG,
  TIOCNXCL: NO_ARG, FIOCLEX: NO_ARG, FIONCLEX: NO_ARG, TIOCVHANGUP: NO_ARG, TIOCSSERIAL: NO_ARG,
  // fs_f_ioctl, fs_0x94_ioctl, fs_x_ioctl
  FS_IOC_GETFLAGS: { out: flagsAt('fs_ioc_flags') },
  FS_IOC32_GETFLAGS: { out: flagsAt('fs_ioc_flags') },
  FS_IOC_SETFLAGS: IN_FS_FLAGS, FS_IOC32_SETFLAGS: IN_FS_FLAGS,
  FICLONE: decimalArg,
  FIFREEZE: NO_ARG, FITHAW: NO_ARG,
  // sock_ioctl: interface requests
  ...IFREQ_SHAPES,
  SIOCGIFCONF: ifconf,
  FIOGETOWN: OUT_INT, SIOCATMARK: OUT_INT, SIOCGPGRP: OUT_INT, SIOCGIFENCAP: OUT_INT, SIOCOUTQNSD: OUT_INT,
  FIOSETOWN: IN_INT, SIOCSPGRP: IN_INT, SIOCSIFENCAP: IN_INT,
  ...Object.fromEntries(SOCK_ADDRESS_ONLY.map((name) => [name, ADDRESS_ONLY])),
  // random_ioctl
  RNDGETENTCNT: OUT_INT,
  RNDADDTOENTCNT: IN_INT,
  RNDZAPENTCNT: NO_ARG, RNDCLEARPOOL: NO_ARG, RNDRESEEDCRNG: NO_ARG,
  ...FS_SHAPES,
  ...COUNTER_SHAPES,
  ...HDIO_SHAPES,
  ...RTC_SHAPES,
  ...GPIO_SHAPES,
  ...DEVICE_SHAPES,
  ...V4L2_SHAPES,
  ...SECCOMP_SHAPES,
  ...KD_SHAPES,
  ...NSFS_SHAPES,
  ...BLOCK_SHAPES,
  ...LOOP_SHAPES,
  ...BTRFS_SHAPES,
  ...MTD_SHAPES,
  ...UBI_SHAPES,
  ...SCSI_SHAPES,
  ...DM_SHAPES,
  ...PERF_SHAPES,
  ...UFFDIO_SHAPES,
  ...TEE_SHAPES,
  ...PTP_SHAPES,
};

let shapes: ReadonlyMap<number, Shape> | undefined;
const shapeOf = (c: CallContext): Shape | undefined => {
  shapes ??= new Map(
    [
      ...byValue('ioctl_cmd', SHAPES),
      ...byValue('ioctl_cmd_aliases', SHAPES),
      ...byValue('ioctl_cmd_scsi', SHAPES),
      // requests strace decodes without a name (out-of-tree TEE_IOC_SHM_REGISTER_FD)
      ...byValue('tee_ioctl_extra', SHAPES),
    ].map(([k, v]) => [k >>> 0, v]),
  );
  const code = u32(c, 1);
  // the input event device decodes every request of its type by direction, numbered ones included
  return shapes.get(code) ?? (iocType(code) === 0x45 ? evdevShape(code) : undefined);
};

/**
 * struct kvm_run (uapi/linux/kvm.h, x86_64): its size, which a vcpu mapping must hold, and where exit_reason
 * (a __u32 after two __u8 and six bytes of padding) sits.
 */
const KVM_RUN_STRUCT = { size: 2352, exitReason: 8 } as const;
const VCPU_FILE = 'anon_inode:kvm-vcpu:';

/**
 * -e kvm=vcpu after a successful ioctl(KVM_RUN), as strace's kvm_ioctl_decode_run: the fd's link names a vcpu
 * (`anon_inode:kvm-vcpu:N`), the process maps that file, and the exit reason read there is named from
 * KVM_EXIT_* (`KVM_EXIT_???` when unknown). Without such a mapping nothing is added.
 */
function kvmExitReason(c: CallContext): void {
  const file = c.fdPath(Number(BigInt.asIntN(32, c.raw[0] ?? 0n)));
  if (!file?.startsWith(VCPU_FILE) || !/^\d+$/.test(file.slice(VCPU_FILE.length))) return;
  const map = c.mappingOf?.(file);
  if (!map || map.end - map.start < BigInt(KVM_RUN_STRUCT.size)) return;
  const run = view(c, map.start, KVM_RUN_STRUCT.size);
  if (!run) return;
  const reason = run.getUint32(KVM_RUN_STRUCT.exitReason, true);
  const table = lookupXlat('kvm_exit_reason');
  c.retDetail = table?.values.find(([, v]) => v === reason)?.[0] ?? table?.unknown ?? 'KVM_EXIT_???';
}

const isKvmRun = (c: CallContext): boolean => namesOf(u32(c, 1)).includes('KVM_RUN');

const request: ArgDecoder = { phase: 'entry', decode: (c, i) => sym(ioctlRequestText(u32(c, i))) };

/** What `inout` shapes read at entry, for their exit. */
const before = new WeakMap<CallContext, DataView>();
/** What `changes` shapes printed at entry, for their exit. */
const printed = new WeakMap<CallContext, Value>();
/** What `staged` shapes printed at entry, for their exit. */
const stagedAtEntry = new WeakMap<CallContext, Staged>();

const arg = twoPhase(
  (c, i) => {
    // KVM_RUN's argument prints at exit, as strace's kvm decoder leaves it undecoded at entry
    if (isKvmRun(c)) return undefined;
    const s = shapeOf(c);
    if (!s) return xval(u64(c, i));
    if ('none' in s) return NONE;
    if ('inout' in s) {
      const v = s.inout.in(c, u64(c, i));
      if (!v) return ptr(u64(c, i));
      before.set(c, v);
      return undefined;
    }
    if ('changes' in s) {
      const v = s.changes.in(c, u64(c, i));
      if (v.k === 'ptr') return v;
      printed.set(c, v);
      return undefined;
    }
    if ('staged' in s) {
      const r = s.staged.in(c, u64(c, i));
      if (r.done) return r.value;
      stagedAtEntry.set(c, r);
      return undefined;
    }
    return 'in' in s ? s.in(c, u64(c, i)) : undefined;
  },
  (c, i) => {
    const s = shapeOf(c);
    const addr = u64(c, i);
    if (isKvmRun(c)) {
      if (c.opts.kvmVcpu && !c.failed) kvmExitReason(c);
      return xval(addr);
    }
    if (s && 'inout' in s) {
      const v = before.get(c);
      return v ? s.inout.out(c, addr, v) : ptr(addr);
    }
    if (s && 'changes' in s) {
      const v = printed.get(c) ?? ptr(addr);
      if (c.failed && !s.changes.failedToo?.(c)) return v;
      const after = s.changes.out(c, addr);
      return after ? { k: 'changed', before: v, after } : v;
    }
    if (s && 'staged' in s) {
      const r = stagedAtEntry.get(c);
      return r ? s.staged.out(c, addr, r) : ptr(addr);
    }
    return s && 'out' in s ? ifOk(c, addr, () => s.out(c, addr)) : xval(addr);
  },
);

/** A successful call's return value as its request's shape gives it (an fd, a name), whatever the argument. */
const argAndReturn: ArgDecoder = {
  ...arg,
  atExit: (c) => {
    const s = shapeOf(c);
    if (s?.ret && !c.failed && c.ret !== undefined) s.ret(c, c.ret);
  },
};

export const IOCTL_DECODERS = { ioctl: request, ioctl_arg: argAndReturn } as const satisfies Record<
  string,
  ArgDecoder
>;
