// A trace file (vat JSON Lines or strace log) into the report's data, with the profile vat would learn from it.
import { readTrace } from '../analyze/source.js';
import { formatProfile } from '../security/profile.js';
import { profileFromTraces } from '../security/profile-from.js';
import { buildReport } from './build.js';
import type { ReportData } from './data.js';

export async function buildReportFromFile(path: string, title: string): Promise<ReportData> {
  const trace = await readTrace(path, 'report');
  // the same profile `vat profile from TRACE` writes; a trace it cannot learn from leaves the view empty
  const profile = await profileFromTraces([path], 'report').then(formatProfile, () => '');
  return buildReport(trace, title, profile);
}
