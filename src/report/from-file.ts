// A trace file (vat JSON Lines or strace log) into the report's data, with the profile vat would learn from it.
import { readTrace } from '../analyze/source.js';
import { buildReport } from './build.js';
import type { ReportData } from './data.js';

export async function buildReportFromFile(path: string, title: string): Promise<ReportData> {
  const trace = await readTrace(path);
  return buildReport(trace, title, '');
}
