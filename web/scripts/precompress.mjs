#!/usr/bin/env node
/**
 * Pre-compressed copies of the built dashboard, made once at build time so the server never
 * compresses a static file per request: beside each text file of `dist/` (HTML, JavaScript, CSS,
 * SVG, JSON, plain text, icons) a `<file>.br` (brotli, quality 11) and a `<file>.gz` (gzip,
 * level 9), each written only when smaller than the file. The server (@fastify/static with
 * `preCompressed: true`, server/src/app.ts) answers with the one the browser accepts
 * (Accept-Encoding) and the plain file otherwise. Source maps are left alone (only developer
 * tools fetch them). Run after `vite build` (the package's `build` script does); re-running
 * replaces the copies.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|txt|xml|ico|webmanifest)$/;

/** Every file under `dir`, recursively, except Vite's `.vite/` folder. */
function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === '.vite' ? [] : filesUnder(full);
    return [full];
  });
}

let raw = 0;
let br = 0;
let gz = 0;
let count = 0;
for (const file of filesUnder(dist)) {
  if (!COMPRESSIBLE.test(file)) continue;
  const bytes = readFileSync(file);
  const variants = [
    [
      '.br',
      brotliCompressSync(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
    ],
    ['.gz', gzipSync(bytes, { level: 9 })],
  ];
  for (const [extension, compressed] of variants) {
    if (compressed.length < bytes.length) writeFileSync(file + extension, compressed);
    else rmSync(file + extension, { force: true });
  }
  count++;
  raw += bytes.length;
  br += Math.min(bytes.length, variants[0][1].length);
  gz += Math.min(bytes.length, variants[1][1].length);
}

const kb = (n) => (n / 1024).toFixed(1);
console.log(
  `precompress: ${count} files, ${kb(raw)} KB → ${kb(br)} KB brotli, ${kb(gz)} KB gzip (dist/**/*.br, *.gz)`,
);
