// Device-mapper ioctls (uapi/linux/dm-ioctl.h, type 0xfd), as strace's dm_ioctl prints them: `[{header}, payload]`
// where the header stops at an ABI version or a data size it cannot trust, and the payload after it (target specs,
// dependencies, device names, target versions, messages, strings) is walked by the offsets the header gives.
// A call that succeeded, or whose header the kernel changed, prints ` => [{header}, payload]` again at exit.
import { int, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { CallContext } from '../context.js';
import { MORE, memArray } from '../structs/array.js';
import { charArray, devValue } from '../structs/read.js';
import type { Shape, Staged } from './ioctl-shape.js';
import { boundedString, derefView, flagsOf, view, xv } from './util.js';

type Fields = [string, Value][];
const HDR = STRUCTS.dm_ioctl.fields;
/** The header strace reads: everything before the data. */
const HEADER_SIZE = HDR.data.off;
const DM_VERSION_MAJOR = 4;

/** The dm_ioctl header's numbers, as read at entry or exit. */
interface Header {
  readonly v: DataView;
  readonly version: readonly [number, number, number];
  readonly dataSize: number;
  readonly dataStart: number;
  readonly targetCount: number;
  readonly flags: number;
}

function readHeader(c: CallContext, addr: bigint): Header | undefined {
  const v = view(c, addr, HEADER_SIZE);
  if (!v) return undefined;
  const u = (off: number) => v.getUint32(off, true);
  const h: Header = {
    v,
    version: [u(HDR.version.off), u(HDR.version.off + 4), u(HDR.version.off + 8)],
    dataSize: u(HDR.data_size.off),
    dataStart: u(HDR.data_start.off),
    targetCount: u(HDR.target_count.off),
    flags: u(HDR.flags.off),
  };
  // a data size that does not even cover itself: not a header strace decodes
  return h.dataSize < HDR.data_size.off ? undefined : h;
}

/** The requests strace decodes, by name, as their values. */
const CMD = (name: string): number => xv('ioctl_cmd', name);
const is = (code: number, ...names: string[]): boolean => names.some((n) => CMD(n) === code);

/** dm_decode_header: the header's fields, cut after a comment when the version or the data size is unusable. */
function header(c: CallContext, code: number, h: Header, exiting: boolean): { value: Value; ok: boolean } {
  const fields: Fields = [];
  const done = (ok: boolean) => ({ value: { k: 'struct', fields } as Value, ok });
  const version: Value = { k: 'array', items: h.version.map((n) => int(n)) };
  if (h.version[0] !== DM_VERSION_MAJOR) {
    fields.push([
      'version',
      { k: 'commented', value: version, comment: 'unsupported device mapper ABI version' },
    ]);
    return done(false);
  }
  fields.push(['version', version]);
  if (h.dataSize < HEADER_SIZE) {
    fields.push(['data_size', { k: 'commented', value: int(h.dataSize), comment: 'data_size too small' }]);
    return done(false);
  }
  fields.push(['data_size', int(h.dataSize)]);
  const noParams = [
    'DM_VERSION',
    'DM_REMOVE_ALL',
    'DM_DEV_CREATE',
    'DM_DEV_REMOVE',
    'DM_DEV_SUSPEND',
    'DM_DEV_STATUS',
    'DM_TABLE_CLEAR',
    'DM_DEV_ARM_POLL',
  ];
  if (!is(code, ...noParams)) fields.push(['data_start', int(h.dataStart)]);
  // dm_decode_device: what names the device, when set
  if (!is(code, 'DM_REMOVE_ALL', 'DM_LIST_DEVICES', 'DM_LIST_VERSIONS')) {
    const dev = h.v.getBigUint64(HDR.dev.off, true);
    if (dev) fields.push(['dev', devValue(dev)]);
    if (h.v.getUint8(HDR.name.off)) fields.push(['name', charArray(h.v, HDR.name.off, HDR.name.count)]);
    if (h.v.getUint8(HDR.uuid.off)) fields.push(['uuid', charArray(h.v, HDR.uuid.off, HDR.uuid.count)]);
  }
  // dm_decode_values: the counts a request passes in, or the device's state after a success
  const eventNr = (): [string, Value] => ['event_nr', int(h.v.getUint32(HDR.event_nr.off, true))];
  if (!exiting) {
    if (is(code, 'DM_TABLE_LOAD')) fields.push(['target_count', int(h.targetCount)]);
    else if (is(code, 'DM_DEV_SUSPEND') && !(h.flags & xv('dm_flags', 'DM_SUSPEND_FLAG')))
      fields.push(eventNr());
    else if (is(code, 'DM_DEV_RENAME', 'DM_DEV_REMOVE', 'DM_DEV_WAIT')) fields.push(eventNr());
  } else if (
    !c.failed &&
    is(
      code,
      'DM_DEV_CREATE',
      'DM_DEV_RENAME',
      'DM_DEV_SUSPEND',
      'DM_DEV_STATUS',
      'DM_DEV_WAIT',
      'DM_TABLE_LOAD',
      'DM_TABLE_CLEAR',
      'DM_TABLE_DEPS',
      'DM_TABLE_STATUS',
      'DM_TARGET_MSG',
    )
  ) {
    fields.push(
      ['target_count', int(h.targetCount)],
      ['open_count', int(h.v.getUint32(HDR.open_count.off, true))],
      eventNr(),
    );
  }
  fields.push(['flags', flagsOf('dm_flags', h.flags)]);
  return done(true);
}

const misplaced = (what: string): Value => text(`??? /* misplaced ${what} */`);
/** printstr_ex(addr, len, QUOTE_0_TERMINATED) of the bytes from `off` to the end of the data. */
const dataString = (c: CallContext, addr: bigint, h: Header, off: number): Value =>
  boundedString(c, addr + BigInt(off), (h.dataSize - off) >>> 0);

const SPEC = STRUCTS.dm_target_spec;

/** dm_decode_dm_target_spec: target_count specs chained by `next` (from the previous spec at entry, from data_start at exit). */
function targetSpecs(c: CallContext, addr: bigint, h: Header, exiting: boolean, items: Value[]): void {
  if (!c.opts.verbose) {
    if (h.targetCount) items.push(MORE);
    return;
  }
  let offset = h.dataStart;
  let end = 0;
  for (let i = 0; i < h.targetCount; i++) {
    const overlaps = i > 0 && offset <= end;
    end = (offset + SPEC.size) >>> 0;
    if (overlaps || end <= offset || end > h.dataSize) {
      items.push(misplaced('struct dm_target_spec'));
      return;
    }
    if (i >= c.opts.strsize) {
      items.push(MORE);
      return;
    }
    const at = addr + BigInt(offset);
    const s = derefView(c, at, SPEC.size);
    if (!s) {
      items.push({ k: 'ptr', v: at });
      return;
    }
    const fields: Fields = [
      ['sector_start', int(s.getBigUint64(SPEC.fields.sector_start.off, true))],
      ['length', int(s.getBigUint64(SPEC.fields.length.off, true))],
    ];
    if (exiting) fields.push(['status', int(s.getInt32(SPEC.fields.status.off, true))]);
    fields.push(
      ['target_type', charArray(s, SPEC.fields.target_type.off, SPEC.fields.target_type.count)],
      ['string', dataString(c, addr, h, end)],
    );
    items.push({ k: 'struct', fields });
    const next = s.getUint32(SPEC.fields.next.off, true);
    offset = ((exiting ? h.dataStart : offset) + next) >>> 0;
  }
}

/**
 * The fixed part of a payload after the header, as strace reads it: nothing when the data is empty, `...`
 * without -v, a comment when the fixed part does not fit the data, the address when it cannot be read.
 */
function payloadView(
  c: CallContext,
  addr: bigint,
  h: Header,
  items: Value[],
  size: number,
  fixedEnd: number,
  name: string,
): { readonly s: DataView; readonly end: number } | undefined {
  if (h.dataStart === h.dataSize) return undefined;
  if (!c.opts.verbose) {
    items.push(MORE);
    return undefined;
  }
  const offset = h.dataStart;
  const end = (offset + fixedEnd) >>> 0;
  if (end <= offset || end > h.dataSize) {
    items.push(misplaced(name));
    return undefined;
  }
  const s = derefView(c, addr + BigInt(offset), size);
  if (s) return { s, end };
  items.push({ k: 'ptr', v: addr + BigInt(offset) });
  return undefined;
}

const DEPS = STRUCTS.dm_target_deps;

/** dm_decode_dm_target_deps: the count, then that many devices, when the data holds them. */
function targetDeps(c: CallContext, addr: bigint, h: Header, items: Value[]): void {
  const payload = payloadView(c, addr, h, items, DEPS.size, DEPS.fields.dev.off, 'struct dm_target_deps');
  if (!payload) return;
  const { s, end } = payload;
  const count = s.getUint32(DEPS.fields.count.off, true);
  if (count > Math.floor((h.dataSize - end) / DEPS.fields.dev.size)) {
    items.push(misplaced('struct dm_target_deps'));
    return;
  }
  const size = DEPS.fields.dev.size;
  const deps = memArray(c, addr + BigInt(end), count, size, (v, off) => devValue(v.getBigUint64(off, true)));
  items.push({
    k: 'struct',
    fields: [
      ['count', int(count)],
      ['deps', deps],
    ],
  });
}

/** One record of a `next`-chained list: its fields from the struct read at `offset`, and its `next`. */
type ChainRecord = (s: DataView, offset: number, nameOff: number) => { fields: Fields; next: number };

/** dm_decode_dm_name_list and dm_decode_dm_target_versions: records chained by `next` until it is 0. */
function chained(
  c: CallContext,
  addr: bigint,
  h: Header,
  items: Value[],
  what: string,
  size: number,
  nameOff: number,
  record: ChainRecord,
): void {
  if (h.dataStart === h.dataSize) return;
  if (!c.opts.verbose) {
    items.push(MORE);
    return;
  }
  let offset = h.dataStart;
  let end = 0;
  for (let count = 0; ; count++) {
    const overlaps = count > 0 && offset <= end;
    end = (offset + nameOff) >>> 0;
    if (overlaps || end <= offset || end > h.dataSize) {
      items.push(misplaced(what));
      return;
    }
    if (count >= c.opts.strsize) {
      items.push(MORE);
      return;
    }
    const s = derefView(c, addr + BigInt(offset), size);
    if (!s) {
      items.push({ k: 'ptr', v: addr + BigInt(offset) });
      return;
    }
    const r = record(s, offset, end);
    items.push({ k: 'struct', fields: r.fields });
    if (!r.next) return;
    offset = (offset + r.next) >>> 0;
  }
}

const NAMES = STRUCTS.dm_name_list;

function nameList(c: CallContext, addr: bigint, h: Header, items: Value[]): void {
  chained(c, addr, h, items, 'struct dm_name_list', NAMES.size, NAMES.fields.name.off, (s, offset, end) => {
    const next = s.getUint32(NAMES.fields.next.off, true);
    const fields: Fields = [
      ['dev', devValue(s.getBigUint64(NAMES.fields.dev.off, true))],
      ['name', dataString(c, addr, h, end)],
    ];
    // since DM 4.37 an event number follows the name, 8-aligned, when the record has room for it
    const shown = nameLength(c, addr + BigInt(end), (h.dataSize - end) >>> 0);
    if (shown > 0 && (h.version[1] ?? 0) >= 37) {
      const eventAt = (addr + BigInt(end) + BigInt(shown) + 7n) & ~7n;
      const ev = eventAt + 4n <= addr + BigInt(offset) + BigInt(next) ? view(c, eventAt, 4) : undefined;
      if (ev) fields.push(['event_nr', int(ev.getUint32(0, true))]);
    }
    return { fields, next };
  });
}

/** umovestr's result for printstr_ex: the name's length plus one when its NUL was read, else 0. */
function nameLength(c: CallContext, at: bigint, len: number): number {
  const bytes = c.mem.read(at, Math.min(len, c.opts.strsize + 1));
  const nul = bytes ? bytes.indexOf(0) : -1;
  return nul < 0 ? 0 : nul + 1;
}

const VERSIONS = STRUCTS.dm_target_versions;

function targetVersions(c: CallContext, addr: bigint, h: Header, items: Value[]): void {
  const V = VERSIONS.fields;
  chained(c, addr, h, items, 'struct dm_target_versions', VERSIONS.size, V.name.off, (s, _offset, end) => ({
    fields: [
      ['name', dataString(c, addr, h, end)],
      ['version', { k: 'array', items: [0, 4, 8].map((o) => int(s.getUint32(V.version.off + o, true))) }],
    ],
    next: s.getUint32(V.next.off, true),
  }));
}

const MSG = STRUCTS.dm_target_msg;

/** dm_decode_dm_target_msg: the sector and the message. */
function targetMsg(c: CallContext, addr: bigint, h: Header, items: Value[]): void {
  const payload = payloadView(c, addr, h, items, MSG.size, MSG.fields.message.off, 'struct dm_target_msg');
  if (!payload) return;
  const { s, end } = payload;
  items.push({
    k: 'struct',
    fields: [
      ['sector', int(s.getBigUint64(MSG.fields.sector.off, true))],
      ['message', dataString(c, addr, h, end)],
    ],
  });
}

/** dm_decode_string: the string at data_start (a new name, a geometry, a message's answer). */
function dataAtStart(c: CallContext, addr: bigint, h: Header, items: Value[]): void {
  if (!c.opts.verbose) {
    items.push(MORE);
    return;
  }
  if (h.dataStart > h.dataSize) {
    items.push(misplaced('string'));
    return;
  }
  items.push({ k: 'struct', fields: [['string', dataString(c, addr, h, h.dataStart)]] });
}

/** dm_decode_payload: what follows the header, by request and by phase. */
function payload(
  c: CallContext,
  code: number,
  addr: bigint,
  h: Header,
  exiting: boolean,
  items: Value[],
): void {
  const ok = exiting && !c.failed;
  if (is(code, 'DM_DEV_WAIT', 'DM_TABLE_STATUS')) {
    if (ok) targetSpecs(c, addr, h, true, items);
  } else if (is(code, 'DM_TABLE_LOAD')) {
    if (!exiting) targetSpecs(c, addr, h, false, items);
  } else if (is(code, 'DM_TABLE_DEPS')) {
    if (ok) targetDeps(c, addr, h, items);
  } else if (is(code, 'DM_LIST_DEVICES')) {
    if (ok) nameList(c, addr, h, items);
  } else if (is(code, 'DM_LIST_VERSIONS')) {
    if (ok) targetVersions(c, addr, h, items);
  } else if (is(code, 'DM_TARGET_MSG')) {
    if (!exiting) targetMsg(c, addr, h, items);
    else if (ok && h.flags & xv('dm_flags', 'DM_DATA_OUT_FLAG')) dataAtStart(c, addr, h, items);
  } else if (is(code, 'DM_DEV_RENAME', 'DM_DEV_SET_GEOMETRY')) {
    if (!exiting) dataAtStart(c, addr, h, items);
  }
}

/** The argument at one phase: `[{header}, payload...]`. */
function decode(c: CallContext, code: number, addr: bigint, h: Header, exiting: boolean): Value {
  const head = header(c, code, h, exiting);
  const items: Value[] = [head.value];
  if (head.ok) payload(c, code, addr, h, exiting, items);
  return { k: 'array', items };
}

/** What entry read, for the exit's comparison. */
const atEntry = new WeakMap<CallContext, Header>();

const changed = (a: Header, b: Header): boolean =>
  a.version.some((n, i) => n !== b.version[i]) ||
  a.dataSize !== b.dataSize ||
  a.dataStart !== b.dataStart ||
  a.flags !== b.flags;

/** dm_known_ioctl for request `name`: an unreadable header leaves the argument an address. */
const dmShape = (name: string): Shape => ({
  staged: {
    in: (c, addr): Staged => {
      const h = readHeader(c, addr);
      if (!h) return { value: { k: 'ptr', v: addr }, done: true };
      atEntry.set(c, h);
      return { value: decode(c, CMD(name), addr, h, false) };
    },
    out: (c, addr, entry) => {
      const before = atEntry.get(c);
      const h = readHeader(c, addr);
      if (!h || !before) return entry.value;
      if (c.failed && !changed(before, h)) return entry.value;
      return { k: 'changed', before: entry.value, after: decode(c, CMD(name), addr, h, true) };
    },
  },
});

export const DM_SHAPES: Readonly<Record<string, Shape>> = Object.fromEntries(
  [
    'DM_VERSION',
    'DM_REMOVE_ALL',
    'DM_LIST_DEVICES',
    'DM_DEV_CREATE',
    'DM_DEV_REMOVE',
    'DM_DEV_RENAME',
    'DM_DEV_SUSPEND',
    'DM_DEV_STATUS',
    'DM_DEV_WAIT',
    'DM_TABLE_LOAD',
    'DM_TABLE_CLEAR',
    'DM_TABLE_DEPS',
    'DM_TABLE_STATUS',
    'DM_LIST_VERSIONS',
    'DM_TARGET_MSG',
    'DM_DEV_SET_GEOMETRY',
    'DM_DEV_ARM_POLL',
  ].map((name) => [name, dmShape(name)]),
);
