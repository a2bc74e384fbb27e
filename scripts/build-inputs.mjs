// What each workspace package's build reads, and whether its last build is still current.
// Used by scripts/build-if-changed.mjs (`pnpm start`): a package is rebuilt only when the content
// of its inputs differs from the last successful build's, or when its output is missing or was
// rewritten since by another build. Content hashes, not modification times: a `git checkout` or a
// copy touches times without changing what a build produces.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The packages `pnpm start` builds, in build order. Paths are relative to the repository root.
 * - `inputs`: files, and folders read recursively (skipping `node_modules`, `dist` and dot-folders),
 *   whose content decides the build's output or its success.
 * - `importClosureOf`: source files of another package that this one compiles in, followed through
 *   their relative imports (the web app bundles the server's `contract.ts` and what it imports).
 * - `outputs`: a file every successful build writes; missing or rewritten means "build again".
 */
export const PACKAGES = [
  {
    name: '@docket/web',
    inputs: [
      'web/src',
      'web/public',
      'web/index.html',
      'web/vite.config.ts',
      'web/tsconfig.json',
      'web/package.json',
      'web/scripts',
      'server/package.json',
      'tsconfig.base.json',
      'pnpm-lock.yaml',
    ],
    importClosureOf: ['server/src/contract.ts'],
    outputs: ['web/dist/index.html'],
  },
  {
    name: '@docket/server',
    inputs: [
      'server/src',
      'server/tsconfig.build.json',
      'server/package.json',
      'prisma/schema.prisma',
      'tsconfig.base.json',
      'pnpm-lock.yaml',
    ],
    importClosureOf: [],
    outputs: ['server/dist/server.js'],
  },
];

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist']);

/**
 * Every file under `rel` (a file or a folder, relative to `root`), as sorted root-relative paths
 * with `/` separators. A missing path yields nothing. Skips `node_modules`, `dist` and folders
 * whose name starts with a dot.
 */
export function listFiles(root, rel) {
  const found = [];
  const walk = (relPath) => {
    let stat;
    try {
      stat = fs.statSync(path.join(root, relPath));
    } catch {
      return;
    }
    if (stat.isFile()) {
      found.push(relPath.split(path.sep).join('/'));
      return;
    }
    if (!stat.isDirectory()) return;
    for (const entry of fs.readdirSync(path.join(root, relPath))) {
      if (SKIPPED_FOLDERS.has(entry) || entry.startsWith('.')) continue;
      walk(path.join(relPath, entry));
    }
  };
  walk(rel);
  return found.sort();
}

/**
 * The relative module specifiers (`./x.js`, `../y`) in a JavaScript/TypeScript source: static
 * imports and re-exports (`import … from`, `export … from`, `import '…'`, `import type`) and
 * dynamic `import('…')`. Bare specifiers (packages) are left out.
 */
export function relativeImports(source) {
  const specifiers = new Set();
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*(['"])(\.{1,2}\/[^'"]+)\1/g,
    /\bimport\s*(['"])(\.{1,2}\/[^'"]+)\1/g,
    /\bimport\s*\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) specifiers.add(match[2]);
  }
  return [...specifiers];
}

/** The TypeScript file a relative specifier names (`./x.js` → `./x.ts`), or undefined. */
function resolveSource(root, fromRel, specifier) {
  const base = path.join(path.dirname(fromRel), specifier);
  const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    `${stem}.d.ts`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ];
  return candidates.find((candidate) => {
    try {
      return fs.statSync(path.join(root, candidate)).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * `entries` and every file they reach through relative imports, as sorted root-relative paths.
 * Imports that resolve to no file are ignored (the build itself reports them).
 */
export function importClosure(root, entries) {
  const seen = new Set();
  const queue = [...entries];
  while (queue.length > 0) {
    const rel = path.normalize(queue.pop());
    if (seen.has(rel)) continue;
    let source;
    try {
      source = fs.readFileSync(path.join(root, rel), 'utf8');
    } catch {
      continue;
    }
    seen.add(rel);
    for (const specifier of relativeImports(source)) {
      const target = resolveSource(root, rel, specifier);
      if (target !== undefined && !seen.has(path.normalize(target))) queue.push(target);
    }
  }
  return [...seen].map((rel) => rel.split(path.sep).join('/')).sort();
}

/** The sorted, de-duplicated list of files a package's build reads (see PACKAGES). */
export function inputFiles(root, pkg) {
  const files = new Set(pkg.inputs.flatMap((rel) => listFiles(root, rel)));
  for (const rel of importClosure(root, pkg.importClosureOf)) files.add(rel);
  return [...files].sort();
}

/**
 * SHA-256 (hex) of the package's inputs: each file's root-relative path and content, in path
 * order. Changes when a file is edited, added, removed or renamed; not when only times change.
 */
export function inputsHash(root, pkg) {
  const hash = createHash('sha256');
  for (const rel of inputFiles(root, pkg)) {
    hash.update(`${rel}\0`);
    hash.update(fs.readFileSync(path.join(root, rel)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Modification time (ms) of each output file, or null when it is missing. */
export function outputTimes(root, pkg) {
  return Object.fromEntries(
    pkg.outputs.map((rel) => {
      try {
        return [rel, fs.statSync(path.join(root, rel)).mtimeMs];
      } catch {
        return [rel, null];
      }
    }),
  );
}

/**
 * Why the package must be built, or null when its last build is current. `stamp` is what
 * `writeStamp` recorded after the last successful build (undefined: none), `hash` the inputs'
 * hash now, `outputs` the output times now.
 */
export function rebuildReason(stamp, hash, outputs) {
  if (stamp === undefined) return 'no previous build recorded';
  for (const [rel, time] of Object.entries(outputs)) {
    if (time === null) return `${rel} is missing`;
    if (stamp.outputs?.[rel] !== time) return `${rel} was rewritten by another build`;
  }
  if (stamp.hash !== hash) return 'sources changed';
  return null;
}

/** Where the stamp of `pkg` lives: `node_modules/.cache/docket-build/<name>.json`. */
export function stampPath(root, pkg) {
  const file = `${pkg.name.replace(/^@/, '').replace(/\//g, '-')}.json`;
  return path.join(root, 'node_modules', '.cache', 'docket-build', file);
}

/** The recorded stamp of `pkg`, or undefined when there is none or it is unreadable. */
export function readStamp(root, pkg) {
  try {
    return JSON.parse(fs.readFileSync(stampPath(root, pkg), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Records a successful build of `pkg` from inputs of hash `hash`. */
export function writeStamp(root, pkg, hash) {
  const file = stampPath(root, pkg);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const stamp = { hash, outputs: outputTimes(root, pkg), builtAt: new Date().toISOString() };
  fs.writeFileSync(file, `${JSON.stringify(stamp, null, 2)}\n`);
}

/** Runs `pnpm --filter <name> build` in `root` with the terminal attached; returns the exit code. */
export function pnpmBuild(root, pkg) {
  const result = spawnSync('pnpm', ['--filter', pkg.name, 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

/**
 * Builds each package of `packages` whose last build is not current, in order, and records a
 * stamp after each successful build. The inputs are hashed before the build, so an edit made
 * while it runs is picked up by the next call. Stops at the first failing build.
 * `build(root, pkg)` returns an exit code (default: `pnpm --filter <name> build`); `log` gets
 * one line per package. Returns 0, or the failing build's exit code.
 */
export function buildIfChanged({
  root,
  packages = PACKAGES,
  build = pnpmBuild,
  log = (line) => console.log(line),
}) {
  for (const pkg of packages) {
    const hash = inputsHash(root, pkg);
    const reason = rebuildReason(readStamp(root, pkg), hash, outputTimes(root, pkg));
    if (reason === null) {
      log(`${pkg.name}: unchanged since its last build, not rebuilt`);
      continue;
    }
    log(`${pkg.name}: building (${reason})`);
    const code = build(root, pkg);
    if (code !== 0) return code;
    writeStamp(root, pkg, hash);
  }
  return 0;
}
