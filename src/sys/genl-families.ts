// NETLINK_GENERIC's families by id, as strace's genl_families_xlat asks the kernel once: generic netlink message
// types are the ids the kernel gave its families (GENL_ID_CTRL is "nlctrl"). A CTRL_CMD_GETFAMILY dump on a socket
// of its own; layouts from uapi linux/genetlink.h.
import { libc } from './libc.js';
import { netlinkAsk, netlinkSocket } from './netlink-query.js';

const NETLINK_GENERIC = 16;
const GENL_ID_CTRL = 0x10;
const CTRL_CMD_NEWFAMILY = 1;
const CTRL_CMD_GETFAMILY = 3;
const CTRL_ATTR_FAMILY_ID = 1;
const CTRL_ATTR_FAMILY_NAME = 2;
/** sizeof(struct genlmsghdr): cmd u8, version u8, reserved u16. */
const GENLMSGHDR = 4;

let families: ReadonlyMap<number, string> | undefined;

/** The kernel's generic netlink families by id, asked on first use; empty when it did not answer. */
export function genlFamilies(): ReadonlyMap<number, string> {
  if (families) return families;
  const out = new Map<number, string>();
  families = out;
  const fd = netlinkSocket(NETLINK_GENERIC);
  if (fd < 0) return out;
  const req = Buffer.alloc(GENLMSGHDR);
  req.writeUInt8(CTRL_CMD_GETFAMILY, 0);
  const answers = netlinkAsk(fd, GENL_ID_CTRL, req, true) ?? [];
  libc.closeFd(fd);
  for (const m of answers) {
    // genl_parse_families_response: CTRL_CMD_NEWFAMILY of version 2, then its attributes
    if (m.length < GENLMSGHDR || m.readUInt8(0) !== CTRL_CMD_NEWFAMILY || m.readUInt8(1) !== 2) continue;
    let id: number | undefined;
    let name: string | undefined;
    for (let off = GENLMSGHDR; off + 4 <= m.length; ) {
      const len = m.readUInt16LE(off);
      const type = m.readUInt16LE(off + 2);
      if (len < 4 || off + len > m.length) break;
      if (type === CTRL_ATTR_FAMILY_NAME && name === undefined) {
        const raw = m.subarray(off + 4, off + len);
        const nul = raw.indexOf(0);
        name = raw.subarray(0, nul < 0 ? raw.length : nul).toString('latin1');
      }
      if (type === CTRL_ATTR_FAMILY_ID && id === undefined && len === 6) id = m.readUInt16LE(off + 4);
      if (id !== undefined && name !== undefined) {
        if (!out.has(id)) out.set(id, name);
        id = undefined;
        name = undefined;
      }
      off += (len + 3) & ~3;
    }
  }
  return out;
}
