// `vat files [--failed] [--written] [--tree] TRACE | -- CMD | -p PID`: every path a run touched.
import { type FileEntry, type FilesReport, filterFiles, resultText } from '../../analyze/files.js';
import { type Palette, padEndVisible, palette } from '../../util/color.js';
import { INPUT_HELP, loadTrace, oneInput, parseAnalysisArgs } from '../analysis-input.js';
import { printHelp, printJson, printLines } from '../parse-subcommand.js';

export const FILES_HELP = `usage: vat files [--failed] [--written] [--tree] [--json] TRACE.jsonl | -- CMD [ARGS...] | -p PID

Every path opened, created, stat'ed, exec'd, deleted or renamed: how, how often, result, by which process;
and the search paths behind them (failed lookups before the one that worked).

  --failed                     only paths with a failed call
  --written                    only paths written, created, deleted, renamed or changed
  --tree                       paths as a directory tree
${INPUT_HELP}`;

export async function filesCommand(argv: string[]): Promise<number> {
  const { values, positionals, command } = parseAnalysisArgs('files', argv, {
    failed: { type: 'boolean' },
    written: { type: 'boolean' },
    tree: { type: 'boolean' },
  });
  if (values.help) {
    printHelp(FILES_HELP);
    return 0;
  }
  const input = oneInput('files', positionals, command, values.pid, values.for);
  const { analyzeFiles } = await import('../../analyze/files.js');
  const trace = await loadTrace(input, 'files');
  const report = await analyzeFiles(trace);
  const filter = { failed: values.failed === true, written: values.written === true };
  const files = filterFiles(report.files, filter);
  if (values.json) {
    printJson({ ...report, files, searches: filter.written ? [] : report.searches });
    return 0;
  }
  const c = palette();
  const lines = [
    c.bold(
      `${report.source}: ${files.length} path${files.length === 1 ? '' : 's'}${filter.failed ? ' with failures' : ''}${filter.written ? ' written' : ''}, ${report.processes.length} process${report.processes.length === 1 ? '' : 'es'}`,
    ),
  ];
  lines.push(...(values.tree ? treeLines(files, c) : tableLines(files, c)));
  if (!filter.written && report.searches.length > 0) {
    lines.push('', c.bold('search paths (lookups that failed before one worked, or never did):'));
    for (const s of report.searches) {
      const head = s.found
        ? `${c.green(s.name)} found at ${s.found} after ${s.tried.length} miss${s.tried.length === 1 ? '' : 'es'}`
        : `${c.red(s.name)} NOT FOUND: ${s.tried.length} places tried`;
      lines.push(`  ${head}  (pid ${s.pid})`);
      const tried = s.tried.length <= 8 ? s.tried : [...s.tried.slice(0, 3), undefined, ...s.tried.slice(-3)];
      for (const t of tried)
        lines.push(
          t
            ? `    ${c.red('x')} ${t.path}  ${c.dim(t.errno)}`
            : c.dim(`    ... ${s.tried.length - 6} more (--json lists all)`),
        );
      if (s.found) lines.push(`    ${c.green('v')} ${s.found}`);
    }
  }
  printLines(lines);
  return 0;
}

const pidsText = (pids: readonly number[]): string =>
  pids.length <= 3 ? pids.join(',') : `${pids.slice(0, 3).join(',')},+${pids.length - 3}`;

function colored(e: FileEntry, c: Palette): string {
  const text = resultText(e);
  return e.failed === 0 ? c.green(text) : e.ok === 0 ? c.red(text) : c.yellow(text);
}

function tableLines(files: readonly FileEntry[], c: Palette): string[] {
  const pathWidth = Math.min(60, Math.max(4, ...files.map((e) => e.path.length + (e.truncated ? 3 : 0))));
  const accWidth = Math.max(6, ...files.map((e) => e.access.join(' ').length));
  const resWidth = Math.max(6, ...files.map((e) => resultText(e).length));
  const out = [
    c.dim(
      `  ${'PATH'.padEnd(pathWidth)}  ${'ACCESS'.padEnd(accWidth)}  ${'RESULT'.padEnd(resWidth)}  COUNT  PIDS`,
    ),
  ];
  for (const e of files) {
    const path = `${e.path}${e.truncated ? '...' : ''}`;
    out.push(
      `  ${path.padEnd(pathWidth)}  ${e.access.join(' ').padEnd(accWidth)}  ${padEndVisible(colored(e, c), resWidth)}  ${String(e.count).padStart(5)}  ${pidsText(e.pids)}`,
    );
  }
  return out;
}

interface Node {
  readonly children: Map<string, Node>;
  entry?: FileEntry;
}

function treeLines(files: readonly FileEntry[], c: Palette): string[] {
  const root: Node = { children: new Map() };
  for (const e of files) {
    const parts = e.path.startsWith('/') ? ['/', ...e.path.split('/').filter(Boolean)] : e.path.split('/');
    let node = root;
    for (const p of parts) {
      let next = node.children.get(p);
      if (!next) {
        next = { children: new Map() };
        node.children.set(p, next);
      }
      node = next;
    }
    node.entry = e;
  }
  const out: string[] = [];
  const walk = (node: Node, depth: number): void => {
    for (let [name, child] of node.children) {
      // one-child directory chains print as one line: usr/lib/x86_64-linux-gnu/
      while (!child.entry && child.children.size === 1) {
        const [n, only] = [...child.children][0] as [string, Node];
        name = name === '/' ? `/${n}` : `${name}/${n}`;
        child = only;
      }
      const indent = '  '.repeat(depth + 1);
      if (child.entry) {
        const e = child.entry;
        out.push(
          `${indent}${name}${child.children.size ? '/' : ''}  ${c.dim(e.access.join(' '))}  ${colored(e, c)}  x${e.count}`,
        );
      } else out.push(`${indent}${name === '/' ? '/' : `${name}/`}`);
      walk(child, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

export type { FilesReport };
