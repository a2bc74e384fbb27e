// ESLint flat config for the whole workspace: typescript-eslint's recommended rules everywhere,
// React hooks rules in web/, and module boundaries (no import cycles; web features import only
// shared folders and themselves). Formatting is Prettier's job; unused exports are knip's
// (`pnpm lint` runs all three).
import { readdirSync, readFileSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Web features (web/src/features/<name>) import only the shared folders (components, lib, config,
// i18n, testing) and themselves; app/ composes them. One zone per feature forbids the others
// (bulletproof-react's "unidirectional codebase" rule), and no feature imports app/.
const webFeatures = readdirSync(new URL('./web/src/features', import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const webFeatureZones = [
  ...webFeatures.map((feature) => ({
    target: `./web/src/features/${feature}`,
    from: './web/src/features',
    except: [`./${feature}`],
    message:
      'Features do not import each other: move the shared piece to components/ or lib/, or compose the features in app/.',
  })),
  {
    target: './web/src/features',
    from: './web/src/app',
    message: 'app/ composes the features; features do not import it.',
  },
];

// Server modules (server/src/modules/<name>) reach each other only through the other module's
// public index.ts; plugins and lib/ likewise. One zone per (module, other module) pair. app.ts,
// the composition root, registers each module's routes and is the one exception.
const serverModules = readdirSync(new URL('./server/src/modules', import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const publicSurfaceOnly =
  "Modules reach each other only through the other module's index.ts (behaviour) or its *.schemas.ts (API shapes): export what you need from index.ts.";
const modulesDir = `${import.meta.dirname}/server/src/modules`;
const serverModuleZones = serverModules.flatMap((other) => {
  const surface = {
    from: `./server/src/modules/${other}/**`,
    except: [`${modulesDir}/${other}/{index,*.schemas}.ts`],
    message: publicSurfaceOnly,
  };
  return [
    ...serverModules
      .filter((module) => module !== other)
      .map((module) => ({ target: `./server/src/modules/${module}`, ...surface })),
    { target: ['./server/src/plugins', './server/src/lib'], ...surface },
  ];
});

// SQL and Prisma only in repositories (`*.repository.ts`) and db/ (docs/architecture.md
// "Data access"): a Prisma model call (`x.ticket.findMany(…)`), raw SQL (`$queryRaw`,
// `Prisma.sql`, …) or the pg pool anywhere else is an error. Services still open transactions
// (`$transaction`) and hand the transaction client to repository functions.
const prismaDelegates = [
  ...readFileSync(new URL('./prisma/schema.prisma', import.meta.url), 'utf8').matchAll(
    /^model (\w+) \{/gm,
  ),
].map(([, model]) => model[0].toLowerCase() + model.slice(1));
const prismaModelMethods =
  'findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany|count|aggregate|groupBy';
const sqlOutsideRepository =
  'SQL and Prisma calls belong in a *.repository.ts file (docs/architecture.md "Data access").';
const sqlOnlyInRepositories = [
  'error',
  {
    selector: `CallExpression > MemberExpression.callee[property.name=/^(${prismaModelMethods})$/] > MemberExpression.object[property.name=/^(${prismaDelegates.join('|')})$/]`,
    message: sqlOutsideRepository,
  },
  {
    selector:
      'MemberExpression[property.name=/^\\$(queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe)$/]',
    message: sqlOutsideRepository,
  },
  {
    selector: "MemberExpression[object.name='Prisma'][property.name=/^(sql|join|raw|empty)$/]",
    message: sqlOutsideRepository,
  },
  { selector: "CallExpression[callee.name='poolOf']", message: sqlOutsideRepository },
  { selector: "CallExpression[callee.name='connectionOf']", message: sqlOutsideRepository },
  { selector: "ImportDeclaration[source.value='pg']", message: sqlOutsideRepository },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      'server/src/generated/**',
      'web/test-results/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // No import cycles: a cycle makes module initialisation order matter (a value imported from
    // a module that is still loading is `undefined`) and ties the modules together for good.
    // The TypeScript resolver follows the server's `.js` specifiers to their `.ts` files and the
    // web's `@/` alias, using each package's tsconfig. Type-only imports (`import type`) are
    // erased at build time and do not count. Unbounded depth: the cost is in reading the modules
    // (about 10 s of CPU for the workspace), not in the depth of the search.
    files: ['server/src/**/*.ts', 'web/src/**/*.{ts,tsx}', 'bench/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['server/tsconfig.json', 'web/tsconfig.json', 'bench/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: webFeatureZones },
      ],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: serverModuleZones },
      ],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/**/*.repository.ts', 'server/src/db/**', 'server/src/seed/**'],
    rules: { 'no-restricted-syntax': sqlOnlyInRepositories },
  },
);
