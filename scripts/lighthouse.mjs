// `pnpm lighthouse`: Lighthouse 12 on the production build, as a person meets it.
//
// Starts the built server (`server/dist/server.js` serving `web/dist`; `pnpm build` first) with
// NODE_ENV=production and the demo data in a throwaway data folder on a free port, the way the
// browser tests do (web/e2e/support/docket-server.ts). Then, for each page and form factor, it
// launches a fresh Chromium (/usr/bin/chromium, or CHROMIUM_PATH) through chrome-launcher — a new
// profile each time, so every run is a cold load — and runs Lighthouse's performance,
// accessibility and best-practices categories:
// - sign-in: `/sign-in`, signed out;
// - ticket list: `/tickets`, signed in as agent@acme.test. The SPA keeps its session in
//   localStorage (`docket.session`, web/src/lib/session.ts): a pre-step with playwright-core,
//   on the same Chrome's debugging port, writes it, and Lighthouse runs with
//   `disableStorageReset` so that it stays (the profile is new, so the cache is empty anyway);
// - tracker: a tracking link page (`/t/<token>`, the link of notification emails), from
//   `GET /api/tickets/:id/tracking-link` for a demo ticket.
// Form factors: Lighthouse's desktop config, and its default mobile one (simulated slow 4G and
// 4× CPU slowdown).
//
// Writes bench/results/lighthouse.json (scores 0–100; TBT and LCP in milliseconds, per page and
// form factor) and prints a table. Options: `--runs N` (default 1: the median-performance run of
// N is kept), `--only desktop|mobile`, `--page sign-in|tickets|tracker` (one page; the results
// file then holds only that page), `--reports DIR` (also writes each run's full Lighthouse
// report, `<page>-<form factor>-<run>.json`, for reading the audits' details). Heavy (about a minute per run): not part of `pnpm test`;
// on a shared machine run it under the test lock: `flock /tmp/test.lock pnpm lighthouse`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(root, 'bench', 'results', 'lighthouse.json');
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEMO_PASSWORD = 'docket-demo';
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    only: { type: 'string' },
    reports: { type: 'string' },
    page: { type: 'string' },
  },
});
const runs = Math.max(1, Number.parseInt(options.runs, 10) || 1);
const formFactors = ['desktop', 'mobile'].filter((f) => !options.only || options.only === f);

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The built Docket with its demo data; resolves once `/api/health` answers. */
async function startDocket() {
  const entry = path.join(root, 'server', 'dist', 'server.js');
  if (!existsSync(entry) || !existsSync(path.join(root, 'web', 'dist', 'index.html'))) {
    throw new Error('Build first: `pnpm build` (server/dist and web/dist are missing)');
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-lighthouse-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      SEED_DEMO_DATA: 'true',
      SERVE_WEB: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Docket exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok && output.includes('Docket is running')) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Docket did not start within 120 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, stop };
}

async function api(url, token, init = {}) {
  const res = await fetch(url, {
    ...init,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The agent's session (as the sign-in form stores it) and a tracking link path. */
async function demoFixtures(base) {
  const login = await api(`${base}/api/auth/login`, null, {
    method: 'POST',
    body: JSON.stringify({ email: 'agent@acme.test', password: DEMO_PASSWORD }),
  });
  const list = await api(`${base}/api/tickets?limit=1`, login.accessToken);
  const ticket = list.items?.[0] ?? list.data?.[0];
  if (!ticket) throw new Error('The demo data has no ticket');
  const link = await api(`${base}/api/tickets/${ticket.id}/tracking-link`, login.accessToken);
  return {
    session: { accessToken: login.accessToken, expiresIn: login.expiresIn },
    trackingPath: new URL(link.url).pathname,
  };
}

/** One Lighthouse run on a fresh Chrome; `session` is written to localStorage first. */
async function audit(url, formFactor, session) {
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    if (session) {
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
      const page = await browser.contexts()[0].newPage();
      await page.goto(new URL('/favicon.ico', url).href).catch(() => undefined);
      await page.evaluate(
        ({ accessToken, expiresIn }) =>
          globalThis.localStorage.setItem(
            'docket.session',
            JSON.stringify({ accessToken, expiresAt: Date.now() + expiresIn * 1000 }),
          ),
        session,
      );
      await page.close();
      await browser.close();
    }
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: CATEGORIES,
        disableStorageReset: Boolean(session),
      },
      formFactor === 'desktop' ? desktopConfig : undefined,
    );
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    return result.lhr;
  } finally {
    chrome.kill();
  }
}

const score = (lhr, category) => Math.round((lhr.categories[category]?.score ?? 0) * 100);

/** The figures kept per run, and the failing audits worth reading (score < 1, weighted). */
function summarize(lhr) {
  const failing = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category].auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        failing.push(`${category}: ${ref.id} (${audit.displayValue ?? audit.score})`);
      }
    }
  }
  return {
    performance: score(lhr, 'performance'),
    accessibility: score(lhr, 'accessibility'),
    bestPractices: score(lhr, 'best-practices'),
    totalBlockingTimeMs: Math.round(lhr.audits['total-blocking-time'].numericValue),
    largestContentfulPaintMs: Math.round(lhr.audits['largest-contentful-paint'].numericValue),
    firstContentfulPaintMs: Math.round(lhr.audits['first-contentful-paint'].numericValue),
    failing,
    finalUrl: lhr.finalDisplayedUrl,
  };
}

const docket = await startDocket();
const results = [];
try {
  const { session, trackingPath } = await demoFixtures(docket.url);
  const pages = [
    { name: 'sign-in', key: 'sign-in', path: '/sign-in' },
    { name: 'ticket list', key: 'tickets', path: '/tickets', session },
    { name: 'tracker', key: 'tracker', path: trackingPath },
  ].filter((p) => !options.page || options.page === p.key);
  for (const formFactor of formFactors) {
    for (const page of pages) {
      const all = [];
      for (let i = 0; i < runs; i++) {
        const lhr = await audit(`${docket.url}${page.path}`, formFactor, page.session);
        if (options.reports) {
          mkdirSync(options.reports, { recursive: true });
          const name = `${page.name.replace(/\W+/g, '-')}-${formFactor}-${i + 1}.json`;
          writeFileSync(path.join(options.reports, name), JSON.stringify(lhr));
        }
        all.push(summarize(lhr));
      }
      all.sort((a, b) => a.performance - b.performance);
      const kept = all[Math.floor(all.length / 2)];
      results.push({
        page: page.name,
        path: page.path.replace(/\/t\/.*/, '/t/<token>'),
        formFactor,
        ...kept,
      });
      if (kept.finalUrl && !kept.finalUrl.includes(page.path.split('?')[0])) {
        console.warn(`lighthouse: ${page.name} ended on ${kept.finalUrl}`);
      }
    }
  }
} finally {
  await docket.stop();
}

mkdirSync(path.dirname(resultsFile), { recursive: true });
writeFileSync(
  resultsFile,
  JSON.stringify(
    {
      lighthouse: '12',
      measuredAt: new Date().toISOString(),
      runsPerPage: runs,
      results: results.map(({ finalUrl: _finalUrl, ...rest }) => rest),
    },
    null,
    2,
  ) + '\n',
);

const header = ['page', 'form', 'perf', 'a11y', 'best', 'TBT ms', 'LCP ms'];
const rows = results.map((r) => [
  r.page,
  r.formFactor,
  r.performance,
  r.accessibility,
  r.bestPractices,
  r.totalBlockingTimeMs,
  r.largestContentfulPaintMs,
]);
const widths = header.map((h, i) =>
  Math.max(h.length, ...rows.map((row) => String(row[i]).length)),
);
const line = (cells) =>
  cells
    .map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
    .join('  ');
console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const row of rows) console.log(line(row));
for (const r of results) {
  if (r.failing.length) console.log(`\n${r.page} (${r.formFactor}):\n  ${r.failing.join('\n  ')}`);
}
console.log(`\nWritten to ${path.relative(root, resultsFile)}`);
