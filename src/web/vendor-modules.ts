// The browser modules the dashboard loads straight from node_modules, and the import map that names them.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A file the dashboard serves under /dashboard/vendor/. */
export interface VendorFile {
  /** The file's name under /dashboard/vendor/. */
  readonly name: string;
  /** Its path on disk. */
  readonly path: string;
  /** The bare specifier the app imports it by (absent for stylesheets). */
  readonly specifier?: string;
}

export const VENDOR_PREFIX = '/dashboard/vendor/';

/**
 * Finds preact, its hooks and JSX runtime, and uPlot's ES module and stylesheet in node_modules. Called once per
 * server; throws when a package is missing (a broken install), naming it.
 */
export function vendorFiles(): VendorFile[] {
  const require = createRequire(import.meta.url);
  // uPlot has no "exports": its ES module sits beside the CommonJS main that resolve() finds.
  const uplotDir = dirname(require.resolve('uplot'));
  return [
    { name: 'preact.mjs', path: require.resolve('preact'), specifier: 'preact' },
    { name: 'preact-hooks.mjs', path: require.resolve('preact/hooks'), specifier: 'preact/hooks' },
    { name: 'preact-jsx-runtime.mjs', path: require.resolve('preact/jsx-runtime'), specifier: 'preact/jsx-runtime' },
    { name: 'uplot.mjs', path: join(uplotDir, 'uPlot.esm.js'), specifier: 'uplot' },
    { name: 'uplot.css', path: join(uplotDir, 'uPlot.min.css') },
  ];
}

/** The import map that lets the compiled app's bare imports (`preact`, `uplot`) load the vendor files. */
export function importMap(files: readonly VendorFile[]): { imports: Record<string, string> } {
  const imports: Record<string, string> = {};
  for (const file of files) if (file.specifier) imports[file.specifier] = VENDOR_PREFIX + file.name;
  return { imports };
}
