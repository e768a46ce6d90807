// Groups a failed test by its cause, read from the harness log: a refused option, vat's own error line,
// the first syscall whose line differs from strace's expected output, a time limit, or the failure message.
import { existsSync, readFileSync } from 'node:fs';

const MAX_LOG = 1 << 20;

function norm(text) {
  return text
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b0x[0-9a-f]+\b/gi, 'ADDR')
    .replace(/\b\d+\b/g, 'N')
    .slice(0, 100);
}

/** The first expected line a diff says is missing or different (`-...` after the `---`/`+++` header). */
function firstDiffLine(log) {
  const lines = log.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('--- ') || !lines[i + 1]?.startsWith('+++ ')) continue;
    for (let j = i + 2; j < lines.length && j < i + 4000; j++) {
      const l = lines[j];
      if (l.startsWith('-')) return { sign: '-', text: l.slice(1) };
      if (l.startsWith('+') && !l.startsWith('+++ ')) return { sign: '+', text: l.slice(1) };
    }
  }
  return undefined;
}

function describeLine(text) {
  const t = text
    .replace(/^\[pid\s+\d+\]\s+/, '')
    .replace(/^\d+\s+/, '')
    .replace(/^[\d:.]+\s+/, '');
  const call = /^([a-z_][a-z0-9_]*)\(/.exec(t);
  if (call) return call[1];
  if (t.startsWith('+++ ')) return '+++ exit line';
  if (t.startsWith('--- ')) return '--- signal line';
  if (t.startsWith('<... ')) return '<... resumed';
  if (/^ \| /.test(t)) return 'hex dump';
  return `other: ${norm(t).slice(0, 50)}`;
}

export function classify(logFile) {
  if (!existsSync(logFile)) return 'no log';
  const log = readFileSync(logFile, 'utf8').slice(0, MAX_LOG);
  if (/time limit \(\d+\) exceeded/.test(log)) return 'time limit';
  const opt = /^vat: invalid option -- '(.)'/m.exec(log);
  if (opt) return `vat: invalid option -${opt[1]}`;
  const long = /^vat: unrecognized option '(--[^'=]+)/m.exec(log);
  if (long) return `vat: unrecognized option ${long[1]}`;
  const unsupported = /^vat: (-\w|--[\w-]+)[ =]?([\w-]*=)?[^\n]*not supported/m.exec(log);
  if (unsupported)
    return `vat: not supported: ${unsupported[1]}${unsupported[2] ? ` ${unsupported[2]}` : ''}`;
  if (/^\s+at .*\(.*:\d+:\d+\)$/m.test(log))
    return `vat crashed: ${norm(/^(\w*Error[^\n]*)/m.exec(log)?.[1] ?? '')}`;
  const own = /^vat: (.*)$/m.exec(log);
  if (own) return `vat: ${norm(own[1])}`;
  const diff = firstDiffLine(log);
  if (diff) return `${diff.sign === '-' ? 'mismatch' : 'extra line'}: ${describeLine(diff.text)}`;
  if (/output mismatch/.test(log)) return 'mismatch (no diff)';
  const code = /failed with code (\d+)/.exec(log);
  if (code) return `exit code ${code[1]}`;
  const killed = /terminated by signal (\w+)|killed by (SIG\w+)/.exec(log);
  if (killed) return `killed by ${killed[1] ?? killed[2]}`;
  const last = log
    .trim()
    .split('\n')
    .filter((l) => !/^(FAIL|ERROR|PASS|SKIP)\b|^exit status/.test(l))
    .pop();
  return `other: ${norm(last ?? '')}`;
}
