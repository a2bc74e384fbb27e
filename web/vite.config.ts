import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The API runs as its own process in development; the browser talks to one origin and Vite
// forwards /api to it, exactly as the production server serves both under one origin.
const apiTarget = process.env.DOCKET_API_URL ?? 'http://127.0.0.1:3000';

const src = fileURLToPath(new URL('./src', import.meta.url));
/** What the inbox (`/tickets`, the dashboard's landing page) loads after the entry. */
const INBOX_ROOTS = ['app/routes/app-root.tsx', 'app/routes/tickets/tickets.tsx'];
/**
 * The inbox's first requests (app/prefetch.ts) start as soon as their own small chunks arrive:
 * what they import stays out of the inbox chunk, or they would wait for all of it.
 */
const PREFETCH = 'app/prefetch.ts';
/** The pages a customer or a signed-out visitor lands on: they must not load the inbox chunk. */
const CUSTOMER_ROUTES = /\/app\/routes\/(sign-in|account-pages|not-found|public\/|portal\/)/;

/**
 * The modules only the inbox's first load needs — the dashboard's frame, the ticket list and what
 * they import statically, minus what the entry, a customer-facing page or the inbox's prefetch
 * also imports — in one chunk (`inbox`) instead of the dozen small ones automatic splitting makes
 * of them. Over HTTP/1.1 (six connections) those requests queue behind each other, and the router
 * inserts a `<link rel="modulepreload">` for each when it starts loading the page. The set is computed once
 * the module graph is known (`buildEnd`, before chunks are made); the customer pages keep their
 * own, small chunks (scripts/bundle-size.mjs checks that they never load a dashboard module).
 */
function inboxChunk(): { plugin: Plugin; test: (id: string) => boolean } {
  const inbox = new Set<string>();
  return {
    test: (id) => inbox.has(id),
    plugin: {
      name: 'docket:inbox-chunk',
      apply: 'build',
      buildEnd() {
        const closure = (roots: string[]) => {
          const seen = new Set<string>();
          const stack = [...roots];
          while (stack.length) {
            const id = stack.pop()!;
            if (seen.has(id)) continue;
            seen.add(id);
            stack.push(...(this.getModuleInfo(id)?.importedIds ?? []));
          }
          return seen;
        };
        const ids = [...this.getModuleIds()];
        const entry = ids.filter((id) => this.getModuleInfo(id)?.isEntry);
        const customer = ids.filter((id) => CUSTOMER_ROUTES.test(id));
        const shared = closure([...entry, ...customer, `${src}/${PREFETCH}`]);
        inbox.clear();
        for (const id of closure(INBOX_ROOTS.map((root) => `${src}/${root}`))) {
          if (!shared.has(id)) inbox.add(id);
        }
      },
    },
  };
}

const inbox = inboxChunk();

export default defineConfig({
  plugins: [react(), inbox.plugin],
  resolve: {
    alias: { '@': src },
  },
  // Asks for JSON imports (the translations: some 90 KB per language) as `JSON.parse('…')` rather
  // than object literals, which the engine reads faster; the rolldown build emits object
  // literals all the same (checked in the built entry): no effect today (docs/architecture.md).
  json: { stringify: true },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: true } },
  },
  preview: {
    proxy: { '/api': { target: apiTarget, changeOrigin: true } },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // dist/.vite/manifest.json: scripts/bundle-size.mjs measures the initial JavaScript from it.
    manifest: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Without its dependencies: those the entry or a customer page also uses stay shared.
          groups: [{ name: 'inbox', test: inbox.test, includeDependenciesRecursively: false }],
        },
      },
    },
  },
});
