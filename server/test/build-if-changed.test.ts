// `pnpm start` rebuilds a package only when what its build reads changed (scripts/build-inputs.mjs).
// These run the decision on a small throwaway tree with a recording stand-in for the build.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildIfChanged,
  importClosure,
  inputsHash,
  relativeImports,
  type BuildPackage,
} from '../../scripts/build-inputs.mjs';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'docket-build-inputs-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function put(rel: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), content);
}

const app: BuildPackage = {
  name: '@test/app',
  inputs: ['app/src', 'app/package.json'],
  importClosureOf: ['lib/src/contract.ts'],
  outputs: ['app/dist/index.html'],
};

/** A stand-in build: records the call and writes the output, or fails with `failWith`. */
function recorder(failWith = 0) {
  const calls: string[] = [];
  const build = (buildRoot: string, pkg: BuildPackage): number => {
    calls.push(pkg.name);
    if (failWith !== 0) return failWith;
    for (const rel of pkg.outputs) {
      mkdirSync(path.dirname(path.join(buildRoot, rel)), { recursive: true });
      writeFileSync(path.join(buildRoot, rel), `built ${calls.length}`);
    }
    return 0;
  };
  return { calls, build };
}

function seedTree(): void {
  put('app/src/main.ts', "import { x } from '../../lib/src/contract.js';\nconsole.log(x);\n");
  put('app/package.json', '{"name":"app"}');
  put('lib/src/contract.ts', "export * from './domain.js';\nexport type { Y } from './types';\n");
  put('lib/src/domain.ts', 'export const x = 1;\n');
  put('lib/src/types.ts', 'export type Y = string;\n');
  put('lib/src/server-only.ts', 'export const secret = 2;\n');
}

describe('build-if-changed: when does `pnpm start` rebuild a package', () => {
  it('builds the first time, skips an unchanged tree, rebuilds after an edit', () => {
    seedTree();
    const { calls, build } = recorder();
    const log = () => {};
    expect(buildIfChanged({ root, packages: [app], build, log })).toBe(0);
    expect(buildIfChanged({ root, packages: [app], build, log })).toBe(0);
    expect(calls).toEqual(['@test/app']);

    // Times alone (a checkout, a copy) do not trigger a build.
    utimesSync(path.join(root, 'app/src/main.ts'), new Date(), new Date(Date.now() + 60_000));
    buildIfChanged({ root, packages: [app], build, log });
    expect(calls).toHaveLength(1);

    put('app/src/main.ts', "import { x } from '../../lib/src/contract.js';\nconsole.log(x + 1);\n");
    buildIfChanged({ root, packages: [app], build, log });
    expect(calls).toHaveLength(2);
  });

  it('rebuilds when the output is missing or was rewritten by another build', () => {
    seedTree();
    const { calls, build } = recorder();
    const log = () => {};
    buildIfChanged({ root, packages: [app], build, log });
    rmSync(path.join(root, 'app/dist'), { recursive: true });
    buildIfChanged({ root, packages: [app], build, log });
    expect(calls).toHaveLength(2);

    // e.g. `pnpm --filter app build` run by hand from other sources.
    const later = new Date(Date.now() + 120_000);
    utimesSync(path.join(root, 'app/dist/index.html'), later, later);
    buildIfChanged({ root, packages: [app], build, log });
    expect(calls).toHaveLength(3);
  });

  it('records nothing for a failed build, so the next start tries again', () => {
    seedTree();
    const failing = recorder(2);
    expect(buildIfChanged({ root, packages: [app], build: failing.build, log: () => {} })).toBe(2);
    const { calls, build } = recorder();
    buildIfChanged({ root, packages: [app], build, log: () => {} });
    expect(calls).toEqual(['@test/app']);
  });

  it('hashes the imported files of another package, and only those', () => {
    seedTree();
    const before = inputsHash(root, app);
    put('lib/src/server-only.ts', 'export const secret = 3;\n');
    expect(inputsHash(root, app)).toBe(before);
    put('lib/src/types.ts', 'export type Y = number;\n');
    expect(inputsHash(root, app)).not.toBe(before);
  });

  it('sees files added, removed or renamed in an input folder, and skips dist and node_modules', () => {
    seedTree();
    const before = inputsHash(root, app);
    put('app/src/node_modules/dep/index.js', 'x');
    put('app/src/dist/out.js', 'x');
    expect(inputsHash(root, app)).toBe(before);
    put('app/src/extra.css', 'body {}');
    const added = inputsHash(root, app);
    expect(added).not.toBe(before);
    rmSync(path.join(root, 'app/src/extra.css'));
    put('app/src/renamed.css', 'body {}');
    expect(inputsHash(root, app)).not.toBe(added);
    rmSync(path.join(root, 'app/src/renamed.css'));
    expect(inputsHash(root, app)).toBe(before);
  });

  it('follows relative imports and re-exports, not packages', () => {
    expect(
      relativeImports(
        [
          "import { a } from './a.js';",
          "import type {\n  B,\n} from '../b/b.js';",
          "export * from './c.js';",
          "import './side-effect.js';",
          "const d = await import('./d.js');",
          "import zod from 'zod';",
          "import { e } from '@docket/server/contract';",
        ].join('\n'),
      ).sort(),
    ).toEqual(['../b/b.js', './a.js', './c.js', './d.js', './side-effect.js']);
    seedTree();
    expect(importClosure(root, ['lib/src/contract.ts'])).toEqual([
      'lib/src/contract.ts',
      'lib/src/domain.ts',
      'lib/src/types.ts',
    ]);
  });
});
