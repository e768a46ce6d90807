// What bin/vat changes in the environment Node starts with, and how vat gives it back to what it starts.

/**
 * bin/vat hands Node `NODE_EXTRA_CA_CERTS` empty, in its place, and its value in this variable: Node reads and
 * parses that file at every start (~45 ms of CPU for a 220 KB bundle, a third of `node -e 0`), and vat opens no
 * TLS connection. Never passed on to the command.
 */
export const CA_CERTS_ENV = 'VAT_EXTRA_CA_CERTS';
const CA_CERTS = 'NODE_EXTRA_CA_CERTS';

/** `environ` entries (/proc/self/environ: what Node started with) as vat's parent gave them, order and all. */
export function environBeforeShim(entries: readonly string[]): string[] {
  const saved = entries.find((e) => e.startsWith(`${CA_CERTS_ENV}=`));
  if (saved === undefined) return [...entries];
  const given = `${CA_CERTS}=${saved.slice(CA_CERTS_ENV.length + 1)}`;
  return entries.map((e) => (e === `${CA_CERTS}=` ? given : e));
}

/** process.env as vat's parent gave it, for what vat starts from it (`-o '|cmd'`, the tracer thread). */
export function restoreProcessEnv(): void {
  const saved = process.env[CA_CERTS_ENV];
  if (saved === undefined) return;
  process.env[CA_CERTS] = saved;
  delete process.env[CA_CERTS_ENV];
}
