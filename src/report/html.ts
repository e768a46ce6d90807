// One self-contained HTML file: the stylesheet, the page script (bundled from src/report/page at build time)
// and the data, all inline — no network, no CDN.
import { existsSync, readFileSync } from 'node:fs';
import { VatError } from '../errors.js';
import type { ReportData } from './data.js';
import { REPORT_CSS } from './style.js';

/** dist/report-page.js, found from this module whether it runs bundled (dist/) or not (dist/report/, build/). */
function pageScript(): string {
  const here = new URL('.', import.meta.url);
  for (const rel of [
    'report-page.js',
    '../report-page.js',
    '../../dist/report-page.js',
    '../../../dist/report-page.js',
  ]) {
    const url = new URL(rel, here);
    if (existsSync(url)) return readFileSync(url, 'utf8');
  }
  throw new VatError(
    'report: the page script (dist/report-page.js) is missing: run npm run build',
    'ENOPAGE',
    70,
  );
}

/** JSON that cannot end its <script> element early: `<`, and the line separators JSON allows but JS did not. */
function scriptSafe(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

export function reportHtml(data: ReportData): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>vat report: ${escapeHtml(data.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<script id="vat-data" type="application/json">${scriptSafe(JSON.stringify(data))}</script>
<script>${pageScript().replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}
