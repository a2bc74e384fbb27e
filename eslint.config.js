// ESLint flat config for the whole workspace: typescript-eslint's recommended rules everywhere,
// React hooks rules in web/, and module boundaries (no import cycles; web features import only
// shared folders and themselves). Formatting is Prettier's job; unused exports are knip's
// (`pnpm lint` runs all three).
import { readdirSync } from 'node:fs';
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
);
