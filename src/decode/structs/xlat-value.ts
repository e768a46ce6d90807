// A constant's number by its name, through the generated xlat tables (AF_NETLINK, SOL_SOCKET, SOCK_STREAM):
// decoders that compare with a constant name it instead of repeating the number.
import { lookupXlat } from '../xlat.js';

export const xlatValue = (table: string, name: string): number | undefined =>
  lookupXlat(table)?.values.find(([n]) => n === name)?.[1];
