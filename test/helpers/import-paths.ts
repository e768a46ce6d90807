// vat import's two writers of a log's record lines: record objects then recordLine(), and the line-wise path
// (recordLines) import and convert use; tests compare the two byte for byte.
import { recordLine } from '../../src/format/json-writer.js';
import { openInputs, recordLines, records } from '../../src/import/pipeline.js';

/** The record lines of the log at `path`, written both ways. */
export async function bothWays(path: string): Promise<{ fromRecords: string[]; lines: string[] }> {
  const fromRecords: string[] = [];
  const lines: string[] = [];
  for (const [out, lineWise] of [
    [fromRecords, false],
    [lines, true],
  ] as const) {
    const inputs = await openInputs('import', [path]);
    try {
      if (lineWise) await recordLines(inputs, { command: 'import' }, (l) => out.push(l));
      else await records(inputs, { command: 'import' }, (r) => out.push(recordLine(r)));
    } finally {
      for (const s of inputs.sources) s.close();
    }
  }
  return { fromRecords, lines };
}
