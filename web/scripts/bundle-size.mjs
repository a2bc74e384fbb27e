#!/usr/bin/env node
/**
 * The dashboard's bundle budget: the JavaScript a browser must download before the first page
 * can render — the entry chunk and every chunk it imports statically, recursively (not the lazy
 * routes, which load on navigation) — gzipped, at most BUDGET_KB (250 KB, 1 KB = 1024 bytes).
 *
 * Reads Vite's build manifest (`dist/.vite/manifest.json`, `build.manifest: true` in
 * vite.config.ts), gzips each file with node:zlib (level 9, as `gzip -9`; servers and CDNs
 * compress at least this well or use brotli, which is smaller), prints a table, writes
 * `dist/bundle-size.json`, and exits 1 when the initial JavaScript is over budget (2 when the
 * build is missing). Run after `vite build` (the package's `build` script does).
 *
 * It also reports each customer-facing page's first load — the initial JavaScript plus its lazy
 * route modules (frame and page) and their static imports — and exits 1 when one of them would
 * load the dashboard's frame (`app-root`): sign-in, the tracker and the portal stay light.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifestPath = path.join(dist, '.vite', 'manifest.json');

if (!existsSync(manifestPath)) {
  console.error(`bundle-size: ${manifestPath} is missing; run \`vite build\` first`);
  process.exit(2);
}

/** @type {Record<string, {file: string, isEntry?: boolean, isDynamicEntry?: boolean, imports?: string[], dynamicImports?: string[], css?: string[]}>} */
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

/** Every manifest key reachable from `keys` through static imports. */
function staticClosure(keys) {
  const seen = new Set();
  const stack = [...keys];
  while (stack.length) {
    const key = stack.pop();
    if (seen.has(key) || !manifest[key]) continue;
    seen.add(key);
    stack.push(...(manifest[key].imports ?? []));
  }
  return [...seen];
}

const sizeOf = (file) => {
  const bytes = readFileSync(path.join(dist, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const kb = (bytes) => bytes / 1024;

const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry);
const initialKeys = staticClosure(entries);
const initial = initialKeys
  .map((key) => ({
    file: manifest[key].file,
    entry: entries.includes(key),
    ...sizeOf(manifest[key].file),
  }))
  .filter((chunk) => chunk.file.endsWith('.js'))
  .sort((a, b) => b.gzip - a.gzip);
const css = [...new Set(initialKeys.flatMap((key) => manifest[key].css ?? []))].map((file) => ({
  file,
  ...sizeOf(file),
}));
const lazy = Object.keys(manifest).filter(
  (key) => !initialKeys.includes(key) && manifest[key].file.endsWith('.js'),
);
const lazyGzip = lazy.reduce((sum, key) => sum + sizeOf(manifest[key].file).gzip, 0);

/** Customer-facing pages and the lazy route modules (frame, page) their first load needs. */
const FIRST_LOAD_ROUTES = {
  '/sign-in': ['src/app/routes/sign-in.tsx'],
  '/track-ticket': [
    'src/app/routes/public/public-root.tsx',
    'src/app/routes/public/track-ticket.tsx',
  ],
  '/portal': ['src/app/routes/portal/portal-root.tsx', 'src/app/routes/portal/my-tickets.tsx'],
};
const DASHBOARD_FRAME = 'src/app/routes/app-root.tsx';
const firstLoads = Object.entries(FIRST_LOAD_ROUTES).map(([route, modules]) => {
  const keys = staticClosure([...entries, ...modules]);
  const gzip = keys
    .filter((key) => manifest[key].file.endsWith('.js'))
    .reduce((sum, key) => sum + sizeOf(manifest[key].file).gzip, 0);
  return { route, gzipBytes: gzip, loadsDashboard: keys.includes(DASHBOARD_FRAME) };
});

const totalRaw = initial.reduce((sum, c) => sum + c.raw, 0);
const totalGzip = initial.reduce((sum, c) => sum + c.gzip, 0);
const withinBudget = kb(totalGzip) <= BUDGET_KB;

const rows = [
  ...initial.map((c) => [c.file + (c.entry ? ' (entry)' : ''), kb(c.raw), kb(c.gzip)]),
  ['initial JavaScript', kb(totalRaw), kb(totalGzip)],
];
const width = Math.max(...rows.map(([name]) => name.length), 20);
console.log('\nInitial JavaScript of the dashboard (entry + static imports), KB:');
console.log(`${'chunk'.padEnd(width)}  ${'raw'.padStart(9)}  ${'gzip'.padStart(9)}`);
for (const [name, raw, gzip] of rows) {
  if (name === 'initial JavaScript') console.log('-'.repeat(width + 22));
  console.log(
    `${name.padEnd(width)}  ${raw.toFixed(1).padStart(9)}  ${gzip.toFixed(1).padStart(9)}`,
  );
}
console.log(
  `CSS loaded at start: ${kb(css.reduce((s, c) => s + c.gzip, 0)).toFixed(1)} KB gzip; ` +
    `lazy chunks: ${lazy.length} (${kb(lazyGzip).toFixed(1)} KB gzip, loaded on navigation)`,
);
console.log(
  'First load of the customer-facing pages (initial JavaScript + route modules), KB gzip:',
);
for (const { route, gzipBytes, loadsDashboard } of firstLoads) {
  console.log(
    `${route.padEnd(width)}  ${kb(gzipBytes).toFixed(1).padStart(20)}${loadsDashboard ? '  LOADS THE DASHBOARD' : ''}`,
  );
}
console.log(
  `Budget: ${kb(totalGzip).toFixed(1)} KB of ${BUDGET_KB} KB gzip — ${withinBudget ? 'within budget' : 'OVER BUDGET'}\n`,
);

writeFileSync(
  path.join(dist, 'bundle-size.json'),
  JSON.stringify(
    {
      budgetKb: BUDGET_KB,
      initialJs: {
        rawBytes: totalRaw,
        gzipBytes: totalGzip,
        gzipKb: Number(kb(totalGzip).toFixed(1)),
        chunks: initial,
      },
      initialCss: css,
      lazyChunks: { count: lazy.length, gzipBytes: lazyGzip },
      firstLoads,
      withinBudget,
    },
    null,
    2,
  ) + '\n',
);

const heavy = firstLoads.filter((page) => page.loadsDashboard).map((page) => page.route);
if (heavy.length) {
  console.error(`bundle-size: ${heavy.join(', ')} would load the dashboard's frame first`);
  process.exit(1);
}

if (!withinBudget) {
  console.error(
    `bundle-size: the initial JavaScript is ${kb(totalGzip).toFixed(1)} KB gzipped, over the ${BUDGET_KB} KB budget`,
  );
  process.exit(1);
}
