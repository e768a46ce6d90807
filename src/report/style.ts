// The report's stylesheet: light and dark from the reader's colour scheme, visible keyboard focus.
export const REPORT_CSS = `
:root { --bg:#fff; --fg:#1d1f23; --muted:#6b7280; --line:#e5e7eb; --accent:#2563eb; --bad:#c2410c; --panel:#f8fafc; color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root { --bg:#15171b; --fg:#e6e8eb; --muted:#9aa1ab; --line:#2c3038; --accent:#7aa2ff; --bad:#ff8a5b; --panel:#1c1f25; } }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, sans-serif; background:var(--bg); color:var(--fg); }
header { padding:16px 20px 8px; border-bottom:1px solid var(--line); }
h1 { font-size:18px; margin:0 0 4px; } h1 code { font-size:16px; word-break:break-all; }
h3 { font-size:15px; margin:16px 0 6px; }
.facts, .muted, .note { color:var(--muted); } .note { font-size:13px; }
.warn { color:var(--bad); margin:4px 0; }
input[type=search] { width:min(480px,100%); padding:6px 8px; margin:6px 0; font:inherit; color:inherit; background:var(--panel); border:1px solid var(--line); border-radius:4px; }
nav { display:flex; flex-wrap:wrap; gap:2px; padding:0 20px; border-bottom:1px solid var(--line); }
nav button { font:inherit; color:var(--muted); background:none; border:0; border-bottom:2px solid transparent; padding:8px 10px; cursor:pointer; }
nav button[aria-selected=true] { color:var(--fg); border-bottom-color:var(--accent); }
:focus-visible { outline:2px solid var(--accent); outline-offset:2px; }
main { padding:12px 20px 40px; }
.table-wrap { overflow:auto; max-height:70vh; }
table { border-collapse:collapse; min-width:60%; font-variant-numeric:tabular-nums; }
caption { text-align:left; color:var(--muted); padding:4px 0; }
th, td { text-align:left; padding:3px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { position:sticky; top:0; background:var(--bg); cursor:pointer; user-select:none; }
.num { text-align:right; }
.tree, .tree ul { list-style:none; padding-left:18px; margin:2px 0; } .tree { padding-left:0; }
.tree li { margin:3px 0; } .pid { font-family:ui-monospace,monospace; color:var(--accent); }
.exe { font-family:ui-monospace,monospace; word-break:break-all; } .bad, .end.bad { color:var(--bad); }
.dim { opacity:.35; }
.bars { display:grid; gap:3px; margin:8px 0 16px; max-width:900px; }
.bar { display:grid; grid-template-columns:130px 1fr 170px; align-items:center; gap:8px; font-family:ui-monospace,monospace; font-size:12px; }
.bar .fill { height:12px; background:var(--accent); border-radius:2px; min-width:1px; }
.tools { margin:4px 0; } .tools button { font:inherit; min-width:32px; margin-right:4px; color:inherit; background:var(--panel); border:1px solid var(--line); border-radius:4px; cursor:pointer; }
.lanes { position:relative; overflow:auto; max-height:65vh; border:1px solid var(--line); }
canvas { display:block; cursor:grab; }
.tip { position:absolute; display:none; pointer-events:none; background:var(--panel); border:1px solid var(--line); padding:4px 6px; font:12px ui-monospace,monospace; white-space:pre; max-width:80vw; overflow:hidden; }
pre { font:12px/1.4 ui-monospace,monospace; background:var(--panel); border:1px solid var(--line); padding:8px; overflow:auto; }
.calls { max-height:70vh; } .profile { max-height:70vh; } .detail { white-space:pre-wrap; word-break:break-all; }
.findings li { margin-bottom:10px; } .findings p { margin:2px 0; }
`;
