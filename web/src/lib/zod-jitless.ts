/**
 * Zod without its JIT, for the browser. Zod 4 compiles a fast parser for each object schema with
 * `new Function`, after probing whether eval is allowed; the server's Content-Security-Policy
 * (`script-src 'self'`, no 'unsafe-eval': server/src/plugins/security-headers.ts) blocks it, and
 * even the caught probe reports a CSP violation in the console. `jitless` skips both the probe and
 * the compiled path (zod.dev "Customizing Zod": `z.config({ jitless: true })`); parsing is the same.
 *
 * main.tsx imports this module first, so the setting is in place before any route chunk builds
 * or parses a schema. `config` comes from `zod/v4/core`, the module that owns the setting Zod
 * reads: the entry chunk stays free of the schema library (a few hundred bytes, not zod).
 */
import { config } from 'zod/v4/core';

config({ jitless: true });
