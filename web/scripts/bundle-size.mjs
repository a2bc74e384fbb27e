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
 * load the dashboard: its frame (`app-root`) or a dashboard page's module (DASHBOARD_MODULES),
 * or more of the server's contract than the customer pages use (CUSTOMER_CONTRACT: the domain's
 * words, the tracker's request bodies and what they are built from; never the `contract.ts`
 * barrel, the ticket, SLA or admin schemas). Which modules a chunk holds is read from its source
 * map (`build.sourcemap: true`): sign-in, the tracker and the portal stay light.
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
  // "Forgot password?" and the emailed reset and invitation links (one route module).
  '/forgot-password': ['src/app/routes/account-pages.tsx'],
  '/reset-password': ['src/app/routes/account-pages.tsx'],
  '/accept-invitation': ['src/app/routes/account-pages.tsx'],
  '/track-ticket': [
    'src/app/routes/public/public-root.tsx',
    'src/app/routes/public/track-ticket.tsx',
  ],
  '/t/:token': ['src/app/routes/public/public-root.tsx', 'src/app/routes/public/tracking-link.tsx'],
  '/portal': ['src/app/routes/portal/portal-root.tsx', 'src/app/routes/portal/my-tickets.tsx'],
};
const DASHBOARD_FRAME = 'src/app/routes/app-root.tsx';
/** web/ modules that only the dashboard loads: its frame and its pages' route modules. */
const DASHBOARD_MODULES =
  /^web\/src\/app\/routes\/(app-root\.tsx|macros\.tsx|(tickets|admin|chats|stats)\/)/;
/**
 * The server modules a customer-facing first load may hold: the domain's words, and the tracker's
 * request bodies (`@docket/server/contract/public`, the rating of `…/contract/satisfaction`) with
 * the schemas they are built from (a reply's content rule, attachments). Anything else from server/src is the dashboard's contract.
 */
const CUSTOMER_CONTRACT = new Set([
  'server/src/lib/domain.ts',
  'server/src/lib/common.schemas.ts',
  'server/src/lib/openapi-examples.ts',
  'server/src/modules/public/public-forms.schemas.ts',
  // The tracker's rating body (its reasons and comment bound): imports only common.schemas.
  'server/src/modules/satisfaction/satisfaction.schemas.ts',
  'server/src/modules/responses/responses.schemas.ts',
  'server/src/modules/attachments/attachments.schemas.ts',
  'server/src/modules/attachments/attachment-types.ts',
]);
const repoRoot = path.resolve(dist, '..', '..');

/** The source modules bundled in a chunk (repository-relative paths), from its source map. */
function modulesOf(file) {
  const mapPath = path.join(dist, `${file}.map`);
  // The bundler's own runtime helpers have no sources.
  if (/(^|\/)rolldown-runtime-[\w-]+\.js$/.test(file)) return [];
  if (!existsSync(mapPath)) {
    console.error(`bundle-size: ${mapPath} is missing (vite.config.ts: build.sourcemap)`);
    process.exit(2);
  }
  const map = JSON.parse(readFileSync(mapPath, 'utf8'));
  const base = path.dirname(path.join(dist, file));
  return map.sources.map((source) =>
    path.relative(repoRoot, path.resolve(base, map.sourceRoot ?? '', source)).replaceAll('\\', '/'),
  );
}

const firstLoads = Object.entries(FIRST_LOAD_ROUTES).map(([route, routeModules]) => {
  const keys = staticClosure([...entries, ...routeModules]);
  const scripts = keys.filter((key) => manifest[key].file.endsWith('.js'));
  const gzip = scripts.reduce((sum, key) => sum + sizeOf(manifest[key].file).gzip, 0);
  const sources = scripts.flatMap((key) => modulesOf(manifest[key].file));
  const dashboard = sources.filter((source) => DASHBOARD_MODULES.test(source));
  const contract = sources.filter(
    (source) => source.startsWith('server/src/') && !CUSTOMER_CONTRACT.has(source),
  );
  return {
    route,
    gzipBytes: gzip,
    loadsDashboard: keys.includes(DASHBOARD_FRAME) || dashboard.length > 0,
    dashboardModules: dashboard,
    contractModules: contract,
  };
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
for (const { route, gzipBytes, loadsDashboard, contractModules } of firstLoads) {
  const flags = [
    loadsDashboard ? 'LOADS THE DASHBOARD' : '',
    contractModules.length ? 'LOADS THE DASHBOARD CONTRACT' : '',
  ].filter(Boolean);
  console.log(
    `${route.padEnd(width)}  ${kb(gzipBytes).toFixed(1).padStart(20)}${flags.length ? `  ${flags.join(', ')}` : ''}`,
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

const heavy = firstLoads.filter((page) => page.loadsDashboard);
for (const page of heavy) {
  console.error(
    `bundle-size: ${page.route} would load the dashboard first: ${page.dashboardModules.join(', ') || DASHBOARD_FRAME}`,
  );
}
const withContract = firstLoads.filter((page) => page.contractModules.length);
for (const page of withContract) {
  console.error(
    `bundle-size: ${page.route} would load the dashboard's contract: ${[...new Set(page.contractModules)].join(', ')}`,
  );
}
if (heavy.length || withContract.length) process.exit(1);

if (!withinBudget) {
  console.error(
    `bundle-size: the initial JavaScript is ${kb(totalGzip).toFixed(1)} KB gzipped, over the ${BUDGET_KB} KB budget`,
  );
  process.exit(1);
}
