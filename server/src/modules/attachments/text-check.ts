/**
 * Whether a file is plain text (docs/product.md "Attachments": `.txt`, `.log`, `.csv`). Text has
 * no magic number, so its content is checked instead: UTF-8 (RFC 3629) throughout, an optional
 * UTF-8 byte order mark, and no NUL byte (a binary body renamed `.txt`). UTF-16 is refused, with
 * or without its byte order mark: its ASCII characters carry NUL bytes, and downloads say
 * `charset=utf-8` (attachment-bytes.ts); such a file is to be saved as UTF-8 first.
 */
import { createReadStream } from 'node:fs';
import type { StructureCheck } from './file-inspection.js';

/** Chunk size of the read, in bytes: the file is streamed, never held whole. */
const READ_CHUNK_BYTES = 64 * 1024;

/**
 * Checks that the file at `filePath` is UTF-8 text without NUL bytes. Reads it once, in
 * READ_CHUNK_BYTES chunks (the upload size limits bound the whole). `reason` names the first
 * fault and its byte offset (0-based).
 * @throws Error only when the file cannot be read (a server fault, not the file's).
 */
export async function checkUtf8Text(filePath: string): Promise<StructureCheck> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let offset = 0;
  for await (const chunk of createReadStream(filePath, { highWaterMark: READ_CHUNK_BYTES })) {
    const bytes = chunk as Buffer;
    if (offset === 0 && bytes.length >= 2) {
      const bom = bytes.readUInt16BE(0);
      if (bom === 0xfffe || bom === 0xfeff) {
        return { valid: false, reason: 'UTF-16 text; accepted text is UTF-8' };
      }
    }
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      return { valid: false, reason: `not text: a NUL byte at byte ${offset + nul}` };
    }
    try {
      decoder.decode(bytes, { stream: true });
    } catch {
      return { valid: false, reason: `not UTF-8 text (an invalid sequence near byte ${offset})` };
    }
    offset += bytes.length;
  }
  try {
    decoder.decode();
  } catch {
    return { valid: false, reason: 'not UTF-8 text (it ends inside a character)' };
  }
  return { valid: true };
}
