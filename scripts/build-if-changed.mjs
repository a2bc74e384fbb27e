// `pnpm start`'s build step: builds the web app and the server only when their sources changed
// since their last build through this script (see build-inputs.mjs), so a restart with nothing
// changed goes straight to starting the server. `pnpm build` still always builds everything.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfChanged } from './build-inputs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.exitCode = buildIfChanged({ root });
