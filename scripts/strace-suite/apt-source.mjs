// Gets strace 6.1's release tarball from the Debian source package, deriving any deb-src entry from the
// machine's own apt configuration so that no registry host is ever named here.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const APT_DIR = '/etc/apt';
const OUR_SOURCES = join(APT_DIR, 'sources.list.d', 'vat-strace-suite-src.sources');

/** The apt source files apt itself reads (disabled copies are skipped, as apt skips them). */
function aptSourceFiles() {
  const files = [];
  if (existsSync(join(APT_DIR, 'sources.list'))) files.push(join(APT_DIR, 'sources.list'));
  const dir = join(APT_DIR, 'sources.list.d');
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.list') || name.endsWith('.sources')) files.push(join(dir, name));
    }
  }
  return files;
}

/** deb822 stanzas of a .sources file, or one-line entries of a .list file, as {types, uris, suites, rest}. */
function parseEntries(file) {
  const text = readFileSync(file, 'utf8');
  const entries = [];
  if (file.endsWith('.sources')) {
    for (const stanza of text.split(/\n\s*\n/)) {
      const fields = new Map();
      for (const line of stanza.split('\n')) {
        const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
        if (m && !line.startsWith('#')) fields.set(m[1].toLowerCase(), m[2].trim());
      }
      if (!fields.has('types')) continue;
      if ((fields.get('enabled') ?? 'yes') === 'no') continue;
      entries.push({
        types: fields.get('types').split(/\s+/),
        uris: (fields.get('uris') ?? '').split(/\s+/).filter(Boolean),
        suites: (fields.get('suites') ?? '').split(/\s+/).filter(Boolean),
        components: (fields.get('components') ?? '').split(/\s+/).filter(Boolean),
        signedBy: fields.get('signed-by'),
      });
    }
  } else {
    for (const raw of text.split('\n')) {
      const line = raw.replace(/#.*/, '').trim();
      const m = /^(deb|deb-src)\s+(\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
      if (!m) continue;
      const signed = /signed-by=(\S+)/.exec(m[2] ?? '');
      entries.push({
        types: [m[1]],
        uris: [m[3]],
        suites: [m[4]],
        components: m[5].split(/\s+/).filter(Boolean),
        signedBy: signed?.[1]?.replace(/\]$/, ''),
      });
    }
  }
  return entries;
}

function codename() {
  const text = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  return /^VERSION_CODENAME=(.*)$/m.exec(text)?.[1]?.replace(/"/g, '') ?? '';
}

/** The machine's Debian binary entries (suites of this release), turned into deb-src stanzas. */
export function derivedDebSrc() {
  const name = codename();
  const stanzas = [];
  for (const file of aptSourceFiles()) {
    if (file === OUR_SOURCES) continue;
    for (const e of parseEntries(file)) {
      if (!e.types.includes('deb')) continue;
      const suites = e.suites.filter((s) => name && (s === name || s.startsWith(`${name}-`)));
      if (suites.length === 0 || e.uris.length === 0) continue;
      const lines = [
        'Types: deb-src',
        `URIs: ${e.uris.join(' ')}`,
        `Suites: ${suites.join(' ')}`,
        `Components: ${e.components.join(' ')}`,
      ];
      if (e.signedBy) lines.push(`Signed-By: ${e.signedBy}`);
      stanzas.push(lines.join('\n'));
    }
  }
  return stanzas;
}

export function hasDebSrc() {
  return aptSourceFiles().some((f) => parseEntries(f).some((e) => e.types.includes('deb-src')));
}

/** Adds the deb-src entries (with --setup-apt) or explains how; returns false when the caller must stop. */
export function ensureDebSrc(setup, log) {
  if (hasDebSrc()) return true;
  const stanzas = derivedDebSrc();
  if (stanzas.length === 0) {
    log('strace-suite: no Debian apt source configured on this machine; pass an unpacked strace 6.1 source');
    return false;
  }
  const content = `# Added by vat's strace-suite runner (--setup-apt): source packages from the configured mirror\n${stanzas.join('\n\n')}\n`;
  if (!setup) {
    log(`strace-suite: apt has no deb-src entry; rerun with --setup-apt, or add this as ${OUR_SOURCES}`);
    log('and run apt-get update:\n');
    log(content);
    return false;
  }
  writeFileSync(OUR_SOURCES, content);
  log(`strace-suite: wrote ${OUR_SOURCES}; apt-get update`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'inherit', 'inherit'] });
  return true;
}

/** Downloads the source package into dir (once) and returns the path of the release tarball. */
export function downloadSource(dir, setup, log) {
  const have = readdirSync(dir).find((n) => /^strace_6\.1\.orig\.tar\.(xz|gz|bz2)$/.test(n));
  if (have) return join(dir, have);
  if (!ensureDebSrc(setup, log)) return undefined;
  log('strace-suite: apt-get source --download-only strace');
  execFileSync('apt-get', ['source', '--download-only', 'strace'], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const got = readdirSync(dir).find((n) => /^strace_6\.1\.orig\.tar\.(xz|gz|bz2)$/.test(n));
  if (!got) {
    const other = readdirSync(dir).filter((n) => n.endsWith('.dsc'));
    log(
      `strace-suite: apt gave ${other.join(', ') || 'nothing'}, not strace 6.1; pass an unpacked 6.1 source`,
    );
    return undefined;
  }
  return join(dir, got);
}
