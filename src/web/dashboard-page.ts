// The dashboard's HTML page: the import map of the vendor modules, the stylesheet and the app's entry module.
import { DASHBOARD_STYLE } from './dashboard-style.js';

/** Where the compiled app is served from; its entry module is `main.js`. */
export const APP_PREFIX = '/dashboard/app/';

/**
 * The page served at / and /dashboard. `built` false (dist/web/app missing) shows how to build the app instead of
 * a blank screen.
 */
export function dashboardPage(importMap: { imports: Record<string, string> }, vendorStylesheets: readonly string[], built: boolean): string {
  // JSON inside <script>: "<" escaped so that no value can close the element.
  const map = JSON.stringify(importMap).replace(/</g, '\\u003c');
  const links = vendorStylesheets.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n');
  const body = built
    ? '<div id="app"></div>\n<noscript>The dashboard needs JavaScript.</noscript>'
    : '<header class="topbar"><h1>Tally</h1></header><main class="not-built">The dashboard is not built: run <code>npm run build</code>.</main>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tally · commerce live</title>
<script type="importmap">${map}</script>
${links}
<style>${DASHBOARD_STYLE}</style>
${built ? `<script type="module" src="${APP_PREFIX}main.js"></script>` : ''}
</head>
<body>
${body}
</body>
</html>
`;
}
