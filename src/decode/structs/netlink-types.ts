// nlmsg_type and nlmsg_flags by the socket's netlink protocol (strace's decode_nlmsg_type / decode_nlmsg_flags):
// each family's message names come from a generated table; NETLINK_NETFILTER splits the type into subsystem<<8|command.

import { genlFamilies } from '../../sys/genl-families.js';
import { hex, lookupXlat, styled, xlatName } from '../xlat.js';
import { xlatText } from './read.js';
import { xlatValue } from './xlat-value.js';

/** Types below NLMSG_MIN_TYPE are control messages (NLMSG_ERROR, NLMSG_DONE...). */
export const NLMSG_MIN_TYPE = 0x10;

/** The message-type table of each protocol whose types have names (strace's nlmsg_types[]). */
const TYPE_TABLES: Readonly<Record<string, string>> = {
  NETLINK_AUDIT: 'nl_audit_types',
  NETLINK_ROUTE: 'rtnl_type',
  NETLINK_SELINUX: 'nl_selinux_types',
  NETLINK_SOCK_DIAG: 'nl_sock_diag_types',
  NETLINK_XFRM: 'nl_xfrm_types',
};

/** NETLINK_NETFILTER: the command table of each subsystem (strace's nf_nlmsg_types[]). */
const NF_SUBSYS_TABLES: Readonly<Record<string, string>> = {
  NFNL_SUBSYS_CTNETLINK: 'nf_ctnetlink_msg_types',
  NFNL_SUBSYS_CTNETLINK_EXP: 'nf_ctnetlink_exp_msg_types',
  NFNL_SUBSYS_QUEUE: 'nf_queue_msg_types',
  NFNL_SUBSYS_ULOG: 'nf_ulog_msg_types',
  NFNL_SUBSYS_OSF: 'nf_osf_msg_types',
  NFNL_SUBSYS_IPSET: 'nf_ipset_msg_types',
  NFNL_SUBSYS_ACCT: 'nf_acct_msg_types',
  NFNL_SUBSYS_CTNETLINK_TIMEOUT: 'nf_cttimeout_msg_types',
  NFNL_SUBSYS_CTHELPER: 'nf_cthelper_msg_types',
  NFNL_SUBSYS_NFTABLES: 'nf_nftables_msg_types',
  NFNL_SUBSYS_NFT_COMPAT: 'nf_nft_compat_msg_types',
  NFNL_SUBSYS_HOOK: 'nf_hook_msg_types',
};

const tableName = (table: string, value: number): string | undefined => {
  const t = lookupXlat(table);
  return t ? xlatName(t, value) : undefined;
};

/** The protocol's name (NETLINK_ROUTE) or undefined. */
const protoName = (family: number | undefined): string | undefined =>
  family === undefined ? undefined : tableName('netlink_protocol', family);

/** A netfilter type: a reserved batch message by name, else `SUBSYS<<8|COMMAND`. */
function netfilterType(type: number): string {
  if (tableName('nl_netfilter_msg_types', type)) return xlatText('nl_netfilter_msg_types', type, 'enum');
  const subsys = type >> 8;
  const cmd = type & 0xff;
  const sub = tableName('nl_netfilter_subsys_ids', subsys);
  const cmdTable = sub ? NF_SUBSYS_TABLES[sub] : undefined;
  const cmdText = cmdTable ? xlatText(cmdTable, cmd, 'enum') : `0x${cmd.toString(16)}`;
  return `${xlatText('nl_netfilter_subsys_ids', subsys, 'enum')}<<8|${cmdText}`;
}

/** A generic netlink type: the family the kernel gave that id (strace's genl_families_xlat), as printxval. */
function genericType(type: number): string {
  const family = genlFamilies().get(type);
  return styled(hex(type), family ?? `${hex(type)} /* GENERIC_FAMILY_??? */`);
}

/** nlmsg_type's text: a control message, or a type of the socket's protocol. */
export function netlinkTypeText(type: number, family: number | undefined): string {
  const name = protoName(family);
  if (type >= NLMSG_MIN_TYPE && name === 'NETLINK_NETFILTER') return netfilterType(type);
  if (type >= NLMSG_MIN_TYPE && name === 'NETLINK_GENERIC') return genericType(type);
  const table = type >= NLMSG_MIN_TYPE && name ? TYPE_TABLES[name] : undefined;
  return xlatText(table ?? 'netlink_type', type, 'enum');
}

type FlagsKind = 'new' | 'get' | 'delete';

/** Requests by kind, where a protocol's flags depend on the request (strace's decode_nlmsg_flags_*). */
const KINDS_BY_NAME: Readonly<Record<string, Readonly<Record<string, FlagsKind>>>> = {
  nl_xfrm_types: {
    XFRM_MSG_NEWSA: 'new',
    XFRM_MSG_NEWPOLICY: 'new',
    XFRM_MSG_NEWAE: 'new',
    XFRM_MSG_NEWSADINFO: 'new',
    XFRM_MSG_NEWSPDINFO: 'new',
    XFRM_MSG_DELSA: 'delete',
    XFRM_MSG_DELPOLICY: 'delete',
    XFRM_MSG_GETSA: 'get',
    XFRM_MSG_GETPOLICY: 'get',
    XFRM_MSG_GETAE: 'get',
    XFRM_MSG_GETSADINFO: 'get',
    XFRM_MSG_GETSPDINFO: 'get',
  },
  nf_ctnetlink_msg_types: {
    IPCTNL_MSG_CT_NEW: 'new',
    IPCTNL_MSG_CT_GET: 'get',
    IPCTNL_MSG_CT_GET_CTRZERO: 'get',
    IPCTNL_MSG_CT_GET_STATS_CPU: 'get',
    IPCTNL_MSG_CT_GET_STATS: 'get',
    IPCTNL_MSG_CT_GET_DYING: 'get',
    IPCTNL_MSG_CT_GET_UNCONFIRMED: 'get',
    IPCTNL_MSG_CT_DELETE: 'delete',
  },
  nf_ctnetlink_exp_msg_types: {
    IPCTNL_MSG_EXP_NEW: 'new',
    IPCTNL_MSG_EXP_GET: 'get',
    IPCTNL_MSG_EXP_GET_STATS_CPU: 'get',
    IPCTNL_MSG_EXP_DELETE: 'delete',
  },
  nf_acct_msg_types: {
    NFNL_MSG_ACCT_NEW: 'new',
    NFNL_MSG_ACCT_GET: 'get',
    NFNL_MSG_ACCT_GET_CTRZERO: 'get',
    NFNL_MSG_ACCT_DEL: 'delete',
  },
  nf_cttimeout_msg_types: {
    IPCTNL_MSG_TIMEOUT_NEW: 'new',
    IPCTNL_MSG_TIMEOUT_GET: 'get',
    IPCTNL_MSG_TIMEOUT_DELETE: 'delete',
  },
  nf_cthelper_msg_types: {
    NFNL_MSG_CTHELPER_NEW: 'new',
    NFNL_MSG_CTHELPER_GET: 'get',
    NFNL_MSG_CTHELPER_DEL: 'delete',
  },
  nf_nftables_msg_types: {
    ...Object.fromEntries(
      ['TABLE', 'CHAIN', 'RULE', 'SET', 'SETELEM', 'GEN', 'OBJ', 'FLOWTABLE'].map((n) => [
        `NFT_MSG_NEW${n}`,
        'new',
      ]),
    ),
    ...Object.fromEntries(
      ['TABLE', 'CHAIN', 'RULE', 'SET', 'SETELEM', 'GEN', 'OBJ', 'OBJ_RESET', 'FLOWTABLE'].map((n) => [
        `NFT_MSG_GET${n}`,
        'get',
      ]),
    ),
    ...Object.fromEntries(
      ['TABLE', 'CHAIN', 'RULE', 'SET', 'SETELEM', 'OBJ', 'FLOWTABLE'].map((n) => [
        `NFT_MSG_DEL${n}`,
        'delete',
      ]),
    ),
  },
  nf_nft_compat_msg_types: { NFNL_MSG_COMPAT_GET: 'get' },
  nf_hook_msg_types: { NFNL_MSG_HOOK_GET: 'get' },
};

const FLAG_TABLES: Readonly<Record<FlagsKind, string>> = {
  new: 'netlink_flags_new',
  get: 'netlink_flags_get',
  delete: 'netlink_flags_delete',
};

const kindOf = (table: string, value: number): FlagsKind | undefined => {
  const name = tableName(table, value);
  return name === undefined ? undefined : KINDS_BY_NAME[table]?.[name];
};

/** The flag table of one message: NLMSG_ERROR's, or by the protocol and the request kind. */
export function netlinkFlagsTable(type: number, family: number | undefined): string {
  if (type < NLMSG_MIN_TYPE)
    return type === xlatValue('netlink_type', 'NLMSG_ERROR') ? 'netlink_flags_ack' : 'netlink_flags';
  const name = protoName(family);
  let kind: FlagsKind | undefined;
  if (name === 'NETLINK_ROUTE') {
    // RTM_DELACTION takes NLM_F_ROOT; the others by the low two bits (NEW, DEL, GET, SET)
    if (type === xlatValue('rtnl_type', 'RTM_DELACTION')) kind = 'get';
    else kind = (['new', 'delete', 'get', undefined] as const)[type & 3];
  } else if (name === 'NETLINK_SOCK_DIAG') kind = 'get';
  else if (name === 'NETLINK_XFRM') kind = kindOf('nl_xfrm_types', type);
  else if (name === 'NETLINK_NETFILTER') {
    const sub = tableName('nl_netfilter_subsys_ids', type >> 8);
    const cmdTable = sub ? NF_SUBSYS_TABLES[sub] : undefined;
    kind = cmdTable ? kindOf(cmdTable, type & 0xff) : undefined;
  }
  return kind ? FLAG_TABLES[kind] : 'netlink_flags';
}

/** The protocol's name (NETLINK_NETFILTER), for the payload dispatch. */
export const protocolName = protoName;

/** NFNL_MSG_BATCH_BEGIN/END: netfilter's reserved messages, whose payload is not attributes. */
export const netfilterBatch = (type: number): boolean =>
  tableName('nl_netfilter_msg_types', type) !== undefined;
