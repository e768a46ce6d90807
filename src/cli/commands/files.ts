// `vat files [--failed] [--written] [--tree] TRACE | -- CMD | -p PID`: every path a run touched.
import { type FileEntry, type FilesReport, filterFiles, resultText } from '../../analyze/files.js';
import { type Palette, padEndVisible } from '../../util/color.js';
import { runAnalysis } from '../analysis-command.js';
import { INPUT_HELP } from '../analysis-input.js';

export const FILES_HELP = `usage: vat files [--failed] [--written] [--tree] [--json] TRACE.jsonl | -- CMD [ARGS...] | -p PID

Every path opened, created, stat'ed, exec'd, deleted or renamed: how, how often, result, by which process;
and the search paths behind them (failed lookups before the one that worked).

  --failed                     only paths with a failed call
  --written                    only paths written, created, deleted, renamed or changed
  --tree                       paths as a directory tree
${INPUT_HELP}`;

interface Shown {
  readonly report: FilesReport;
  /** The files --failed and --written leave. */
  readonly files: FileEntry[];
  readonly filter: { readonly failed: boolean; readonly written: boolean };
  readonly tree: boolean;
}

export const filesCommand = (argv: string[]): Promise<number> =>
  runAnalysis(
    {
      name: 'files',
      help: FILES_HELP,
      options: { failed: { type: 'boolean' }, written: { type: 'boolean' }, tree: { type: 'boolean' } },
      analyze: async ([trace], values): Promise<Shown> => {
        const report = await (await import('../../analyze/files.js')).analyzeFiles(trace);
        const filter = { failed: values.failed === true, written: values.written === true };
        return { report, files: filterFiles(report.files, filter), filter, tree: values.tree === true };
      },
      json: ({ report, files, filter }) => ({
        ...report,
        files,
        searches: filter.written ? [] : report.searches,
      }),
      render: (shown, _values, c) => filesLines(shown, c),
    },
    argv,
  );

function filesLines({ report, files, filter, tree }: Shown, c: Palette): string[] {
  const lines = [
    c.bold(
      `${report.source}: ${files.length} path${files.length === 1 ? '' : 's'}${filter.failed ? ' with failures' : ''}${filter.written ? ' written' : ''}, ${report.processes.length} process${report.processes.length === 1 ? '' : 'es'}`,
    ),
  ];
  lines.push(...(tree ? treeLines(files, c) : tableLines(files, c)));
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
  return lines;
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
