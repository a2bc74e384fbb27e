/**
 * Whether a file that starts like a PDF parses as one (ISO 32000: a header, objects, a
 * cross-reference table or stream, a trailer whose /Root is a catalog with a page tree), with
 * Mozilla's PDF.js (`pdfjs-dist`, legacy build for Node: pure JavaScript, no native code, no
 * network). Magic bytes alone prove nothing: `%PDF-` followed by anything is not a document.
 *
 * - The document must open (`getDocument`: header, xref — rebuilt by scanning when damaged, as
 *   PDF readers do —, trailer, catalog) and each of its pages must load from the page tree (up to
 *   MAX_PAGES_CHECKED pages; the pages' content streams are not interpreted). A PDF encrypted
 *   with a user password opens no further than its trailer: it is accepted as a PDF (its
 *   structure up to the encryption dictionary parsed).
 * - The parse runs in a worker thread of its own, so a hostile file can neither block the event
 *   loop nor exhaust the server's heap: at most `timeoutMs` (default PDF_CHECK_TIMEOUT_MS) and
 *   PDF_CHECK_HEAP_MB of heap, after which the worker is ended and the file refused. At most
 *   MAX_CONCURRENT_CHECKS run at once in the process; others wait their turn.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The outcome of a check: valid (with its page count; null when encrypted), or why not. */
export type PdfCheck = { valid: true; pages: number | null } | { valid: false; reason: string };

/** What the worker posts: a check, or `internal` when PDF.js itself could not be loaded. */
type WorkerAnswer = PdfCheck | { internal: string };

/** Time one check may take, in milliseconds, before the file is refused. */
export const PDF_CHECK_TIMEOUT_MS = 20_000;
/** Heap (old generation) of the worker thread that parses, in MiB. */
export const PDF_CHECK_HEAP_MB = 256;
/** Pages loaded from the page tree, at most (a larger document is accepted on these). */
export const MAX_PAGES_CHECKED = 5000;
/** Checks running at once in this process (each is a thread with its own heap). */
export const MAX_CONCURRENT_CHECKS = 2;

/**
 * The worker's code (CommonJS, evaluated): reads the file, opens it with PDF.js (no eval, no
 * fonts, no system fonts, errors only in the log) and loads its pages; posts `{valid, pages}` or
 * `{valid: false, reason}`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFile } = require('node:fs/promises');
(async () => {
  let getDocument;
  try {
    ({ getDocument } = await import(workerData.pdfjsUrl));
  } catch (error) {
    return { internal: String((error && error.message) || error) };
  }
  const data = new Uint8Array(await readFile(workerData.path));
  const task = getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    enableXfa: false,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (error) {
    if (error && error.name === 'PasswordException') return { valid: true, pages: null };
    throw error;
  }
  try {
    if (!(doc.numPages >= 1)) return { valid: false, reason: 'the document has no pages' };
    const last = Math.min(doc.numPages, workerData.maxPages);
    for (let page = 1; page <= last; page++) await doc.getPage(page);
    return { valid: true, pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
})().then(
  (result) => parentPort.postMessage(result),
  (error) =>
    parentPort.postMessage({
      valid: false,
      reason: String((error && error.message) || error || 'unreadable').slice(0, 200),
    }),
);
`;

let pdfjsUrl: string | undefined;
/** The file URL of PDF.js's Node build, resolved from this package's dependencies. */
function pdfjsModuleUrl(): string {
  pdfjsUrl ??= pathToFileURL(
    createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs'),
  ).href;
  return pdfjsUrl;
}

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `task` once fewer than MAX_CONCURRENT_CHECKS others run. */
async function inTurn<T>(task: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_CHECKS) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * Checks that the file at `filePath` is a PDF document (see the module comment), within
 * `options.timeoutMs` (default PDF_CHECK_TIMEOUT_MS).
 * @returns `{valid: true, pages}` or `{valid: false, reason}` (bad content never throws).
 * @throws Error when the check itself cannot run (PDF.js missing, no thread could start): a
 * server fault, never blamed on the file.
 */
export function checkPdf(
  filePath: string,
  options: { timeoutMs?: number } = {},
): Promise<PdfCheck> {
  const timeoutMs = options.timeoutMs ?? PDF_CHECK_TIMEOUT_MS;
  return inTurn(
    () =>
      new Promise<PdfCheck>((resolve, reject) => {
        let settled = false;
        const worker = new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: { path: filePath, pdfjsUrl: pdfjsModuleUrl(), maxPages: MAX_PAGES_CHECKED },
          resourceLimits: { maxOldGenerationSizeMb: PDF_CHECK_HEAP_MB },
          stdout: true,
          stderr: true,
        });
        // PDF.js's own diagnostics are not the server's log lines.
        worker.stdout.resume();
        worker.stderr.resume();
        const finish = (result: WorkerAnswer | Error) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          void worker.terminate();
          if (result instanceof Error) reject(result);
          else if ('internal' in result)
            reject(new Error(`PDF.js unavailable: ${result.internal}`));
          else resolve(result);
        };
        const timer = setTimeout(
          () =>
            finish({
              valid: false,
              reason: `the document could not be read within ${Math.round(timeoutMs / 1000)} s`,
            }),
          timeoutMs,
        );
        worker.once('message', (result: WorkerAnswer) => finish(result));
        // Out of its heap: the document is refused. Anything else is the server's failure.
        worker.once('error', (error: Error & { code?: string }) =>
          finish(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? { valid: false, reason: 'the document needs too much memory to read' }
              : error,
          ),
        );
        worker.once('exit', () => finish({ valid: false, reason: 'the document cannot be read' }));
      }),
  );
}
