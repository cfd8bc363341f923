// The dashboard's stylesheet: a dark header over a grid of light cards, numbers in tabular figures.

/** Inlined into the page, so that the first paint is already styled. */
export const DASHBOARD_STYLE = `
:root {
  --ink: #1c2330; --muted: #6b7484; --line: #e3e7ee; --card: #ffffff; --page: #f2f4f8;
  --night: #111827; --night-2: #1f2937; --accent: #2563eb; --good: #15803d; --bad: #b91c1c; --warn: #b45309;
  font-family: "Inter", "Segoe UI", system-ui, -apple-system, sans-serif; color: var(--ink); background: var(--page);
}
* { box-sizing: border-box; }
body { margin: 0; }
.topbar { display: flex; align-items: center; gap: 16px; padding: 12px 24px; background: var(--night); color: #f9fafb; }
.topbar h1 { font-size: 18px; margin: 0; font-weight: 650; letter-spacing: 0.02em; }
.topbar h1 span { color: #93c5fd; font-weight: 400; }
.topbar .spacer { flex: 1; }
.topbar .who { font-size: 13px; color: #d1d5db; }
.topbar button, .signin button { font: inherit; font-size: 13px; border: 1px solid #4b5563; background: var(--night-2); color: #f9fafb; border-radius: 6px; padding: 5px 12px; cursor: pointer; }
.topbar button:hover { background: #374151; }
.live-dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: #6b7280; margin-right: 6px; }
.live-dot.on { background: #22c55e; box-shadow: 0 0 6px #22c55e; }
.status { font-size: 12px; color: #9ca3af; font-variant-numeric: tabular-nums; }
main.grid { display: grid; grid-template-columns: repeat(12, minmax(0, 1fr)); gap: 16px; padding: 20px 24px 40px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; min-width: 0; box-shadow: 0 1px 2px rgba(16, 24, 40, 0.04); }
.card h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 0 0 10px; font-weight: 600; display: flex; justify-content: space-between; gap: 8px; }
.card h2 small { text-transform: none; letter-spacing: 0; font-weight: 400; }
.span-3 { grid-column: span 3; } .span-4 { grid-column: span 4; } .span-5 { grid-column: span 5; } .span-6 { grid-column: span 6; }
.span-7 { grid-column: span 7; } .span-8 { grid-column: span 8; } .span-12 { grid-column: span 12; }
@media (max-width: 1100px) { .span-3, .span-4, .span-5 { grid-column: span 6; } .span-6, .span-7, .span-8 { grid-column: span 12; } }
@media (max-width: 700px) { main.grid > * { grid-column: span 12; } }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 12px; }
.kpi .label { font-size: 12px; color: var(--muted); }
.kpi { min-width: 0; }
.kpi.wide { grid-column: 1 / -1; }
.kpi .value { display: block; font-size: clamp(18px, 1.7vw, 26px); font-weight: 650; font-variant-numeric: tabular-nums; white-space: nowrap; }
.quiet { color: var(--muted); font-size: 13px; padding: 12px 0; }
.quiet.error { color: var(--bad); }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; border-bottom: 1px solid var(--line); padding: 4px 6px; position: sticky; top: 0; background: var(--card); }
td { padding: 4px 6px; border-bottom: 1px solid #f0f2f5; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.flagged td { background: #fef2f2; }
.flag { display: inline-block; font-size: 11px; font-weight: 600; color: var(--bad); border: 1px solid #fecaca; background: #fff1f2; border-radius: 4px; padding: 0 5px; margin-left: 6px; }
.scroll { max-height: 340px; overflow: auto; }
.chart { width: 100%; min-height: 220px; }
details.data { margin-top: 6px; font-size: 12px; color: var(--muted); }
details.data summary { cursor: pointer; }
details.data .scroll { max-height: 200px; }
.alerts { list-style: none; margin: 0; padding: 0; max-height: 340px; overflow: auto; }
.alerts li { display: grid; grid-template-columns: 70px 1fr auto; gap: 8px; padding: 6px 0; border-bottom: 1px solid #f0f2f5; font-size: 13px; }
.alerts .time { color: var(--muted); font-variant-numeric: tabular-nums; }
.alerts .kind { font-weight: 600; color: var(--warn); }
.alerts .figures { font-variant-numeric: tabular-nums; color: var(--bad); text-align: right; }
.alerts .message { grid-column: 2 / 4; color: var(--ink); }
.signin { position: fixed; inset: 0; background: rgba(17, 24, 39, 0.55); display: flex; align-items: center; justify-content: center; }
.signin form { background: var(--card); border-radius: 12px; padding: 24px; width: 320px; display: grid; gap: 10px; box-shadow: 0 10px 30px rgba(0, 0, 0, 0.25); }
.signin h2 { margin: 0 0 4px; font-size: 18px; }
.signin label { display: grid; gap: 4px; font-size: 13px; color: var(--muted); }
.signin input { font: inherit; padding: 7px 9px; border: 1px solid var(--line); border-radius: 6px; }
.signin button { background: var(--accent); border-color: var(--accent); padding: 8px; }
.signin .actions { display: flex; gap: 8px; } .signin .actions button { flex: 1; }
.signin .actions button.secondary { background: #fff; color: var(--ink); border-color: var(--line); }
.signin .error { color: var(--bad); font-size: 13px; }
.not-built { padding: 40px 24px; }
.hidden-panels { grid-column: 1 / -1; margin: 0; color: var(--muted); font-size: 13px; }
.seller-blocks { display: grid; gap: 14px; }
.seller-block h3 { margin: 0 0 8px; font-size: 15px; display: flex; align-items: center; gap: 4px; }
.seller-block .kpis { grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); }
.seller-block .kpi .value { font-size: 22px; overflow: hidden; text-overflow: ellipsis; }
`;
