/**
 * The report page's stylesheet, inlined: no font, image or sheet is fetched (the page's CSP
 * forbids it). Severity colors are variables shared by the heat map, the legend and the tags; every
 * colored thing also carries its word.
 */
export const REPORT_STYLE = `
:root {
  --critical: #991b1b; --high: #c2410c; --medium: #facc15; --info: #15803d;
  --none: #e5e7eb; --unreadable: #9ca3af; --ink: #111827; --muted: #6b7280; --line: #d1d5db;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
code { font: 12px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.muted { color: var(--muted); }
.meta { margin: 0 0 1rem; color: var(--muted); }
.summary { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: 0; list-style: none; }
.summary li { border: 1px solid var(--line); border-radius: 6px; padding: .35rem .7rem; }
.summary strong { font-size: 1.1rem; margin-right: .25rem; }
.empty { padding: .75rem; border: 1px dashed var(--line); border-radius: 6px; color: var(--muted); }
.hm-scroll, .table-scroll { overflow: auto; max-width: 100%; }
.hm-scroll { max-height: 70vh; }
.heatmap { font-size: 12px; display: block; }
.hm-region { font-weight: 600; fill: var(--ink); }
.hm-account { fill: var(--ink); }
.hm-cell { cursor: pointer; stroke: #fff; stroke-width: 1; }
.hm-cell:hover { stroke: var(--ink); stroke-width: 1.5; }
.hm-cell:focus { outline: none; stroke: #1d4ed8; stroke-width: 3; }
.hm-cell.selected { stroke: #1d4ed8; stroke-width: 3; }
.hm-critical { fill: var(--critical); } .hm-high { fill: var(--high); } .hm-medium { fill: var(--medium); }
.hm-info { fill: var(--info); } .hm-none { fill: var(--none); } .hm-unreadable { fill: url(#hm-hatch); }
.hm-missing { fill: none; stroke: var(--line); stroke-dasharray: 3 3; }
.hm-hatch-bg { fill: #f3f4f6; } .hm-hatch-line { stroke: var(--unreadable); stroke-width: 3; }
.hm-text { pointer-events: none; font-size: 11px; fill: #fff; }
.hm-text-medium, .hm-text-none, .hm-text-unreadable { fill: var(--ink); }
.hm-text-unreadable { font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: .35rem 1.25rem; padding: 0; margin: .75rem 0 0; list-style: none; font-size: 12px; }
.legend li { display: flex; align-items: center; gap: .4rem; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; border: 1px solid var(--line); }
.sw-critical { background: var(--critical); } .sw-high { background: var(--high); } .sw-medium { background: var(--medium); }
.sw-info { background: var(--info); } .sw-none { background: var(--none); }
.sw-missing { border: 1px dashed var(--muted); background: none; }
.sw-unreadable { background: repeating-linear-gradient(45deg, #f3f4f6 0 3px, var(--unreadable) 3px 5px); }
.filters { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.25rem; margin: .5rem 0; }
html:not(.js) .filters { display: none; }
.filter select { margin-left: .25rem; }
fieldset.filter { border: 1px solid var(--line); border-radius: 6px; padding: .2rem .6rem; margin: 0; }
fieldset.filter legend { padding: 0 .25rem; font-size: 12px; color: var(--muted); }
fieldset.filter label { margin-right: .5rem; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); padding: .25rem 0; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
thead th { position: sticky; top: 0; background: #f9fafb; white-space: nowrap; }
th button.sort { font: inherit; font-weight: 600; border: 0; background: none; padding: 0; cursor: pointer; color: var(--ink); }
th button.sort::after { content: " \\2195"; color: var(--muted); }
th[aria-sort="ascending"] button.sort::after { content: " \\25B2"; color: var(--ink); }
th[aria-sort="descending"] button.sort::after { content: " \\25BC"; color: var(--ink); }
tbody tr:nth-child(even) { background: #fafafa; }
.tag { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.sev-critical { background: var(--critical); color: #fff; } .sev-high { background: var(--high); color: #fff; }
.sev-medium { background: var(--medium); color: var(--ink); } .sev-info { background: #dcfce7; color: #14532d; border-color: #86efac; }
.st-compliant { color: #14532d; border-color: #86efac; } .st-violating { color: var(--critical); border-color: #fca5a5; }
.st-misconfigured { color: #92400e; border-color: #fcd34d; } .st-unreadable { color: #374151; border-color: var(--unreadable); border-style: dashed; }
.findings, .exceptions { margin: 0; padding-left: 1rem; }
.note { margin: 0; }
.group-name { overflow-wrap: anywhere; }
.gid { white-space: nowrap; }
@media print {
  .filters, #shown-count, th button.sort::after { display: none; }
  .hm-scroll { max-height: none; overflow: visible; }
  body { padding: 0; }
}
`;
