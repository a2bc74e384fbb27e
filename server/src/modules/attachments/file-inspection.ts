/**
 * What a file is, decided by its content (docs/product.md "Attachments": "checked by content, not by
 * name"), and what name it may keep.
 *
 * - `detectFileType`: the magic bytes, through the `file-type` package; a file it does not
 *   recognise (text, HTML, SVG, scripts) has no type. A Compound File (the OLE container of
 *   .doc, .xls, .msi, …) counts as a Word document only when its directory holds a
 *   `WordDocument` stream (MS-CFB §2.6; MS-DOC §2.1.1). `file-type` tells XLSX (the main part
 *   named in `[Content_Types].xml`) and ODS (the `mimetype` entry) from a plain ZIP.
 * - `ALLOWED_TYPES`: by detected type, PDF, DOC, DOCX, XLSX, ODS, JPG, PNG, GIF, WEBP, ZIP, MP4
 *   and WebM. `TEXT_TYPES`: text has no signature, so a file named `.txt`, `.log` or `.csv` is
 *   text when its content is UTF-8 without NUL bytes (text-check.ts); anything else is a 415.
 * - `executableKind`: bytes that are a program (ELF, PE/MZ, Mach-O, a `#!` script) are refused
 *   whatever the name or any other signature says.
 * - `checkStructure`: what the magic bytes claim must hold up: a PDF must parse as one
 *   (pdf-check.ts, PDF.js in a bounded thread); a DOCX, XLSX or ODS must be a readable ZIP whose
 *   central directory holds its parts, each starting as XML (ECMA-376 Part 2, Open Packaging
 *   Conventions; OASIS ODF 1.2 Part 3 §3); a ZIP's central directory must read (entry names
 *   safe, no name twice), but no entry is ever inflated or unpacked. Images are decoded in full
 *   by thumbnails.ts.
 * - `sanitizeFileName`: the client's file name kept as metadata only, never as a path;
 *   `uploadedFileName`: the same name as uploaded, without a forced extension, for messages.
 */
import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { checkPdf } from './pdf-check.js';

/** A type Docket accepts: the MIME type sent on download and the extension of the name. */
export interface AllowedType {
  mime: string;
  ext: string;
  /** Images get a thumbnail (and their dimensions are checked). */
  image: boolean;
}

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';
const ZIP_MIME = 'application/zip';

/**
 * docs/product.md "Attachments", by the MIME type `file-type` detects: PDF, DOC, DOCX, XLSX, ODS,
 * JPG, PNG, GIF, WEBP, ZIP, MP4 and WebM. (Macro-enabled workbooks, templates, MOV, M4A and the
 * ZIP-based programs `file-type` names — JAR, APK, XPI — have other types, so are not here.)
 */
export const ALLOWED_TYPES: Readonly<Record<string, AllowedType>> = {
  'application/pdf': { mime: 'application/pdf', ext: 'pdf', image: false },
  'application/msword': { mime: 'application/msword', ext: 'doc', image: false },
  [DOCX_MIME]: { mime: DOCX_MIME, ext: 'docx', image: false },
  [XLSX_MIME]: { mime: XLSX_MIME, ext: 'xlsx', image: false },
  [ODS_MIME]: { mime: ODS_MIME, ext: 'ods', image: false },
  'image/jpeg': { mime: 'image/jpeg', ext: 'jpg', image: true },
  'image/png': { mime: 'image/png', ext: 'png', image: true },
  'image/gif': { mime: 'image/gif', ext: 'gif', image: true },
  'image/webp': { mime: 'image/webp', ext: 'webp', image: true },
  [ZIP_MIME]: { mime: ZIP_MIME, ext: 'zip', image: false },
  'video/mp4': { mime: 'video/mp4', ext: 'mp4', image: false },
  'video/webm': { mime: 'video/webm', ext: 'webm', image: false },
};

/**
 * Text types by the extension of the uploaded name (text has no magic number; its content is
 * checked by text-check.ts): `.txt` and `.log` are `text/plain`, `.csv` is `text/csv` (RFC 4180).
 * The kept name keeps its extension.
 */
const TEXT_TYPES: Readonly<Record<string, AllowedType>> = {
  txt: { mime: 'text/plain', ext: 'txt', image: false },
  log: { mime: 'text/plain', ext: 'log', image: false },
  csv: { mime: 'text/csv', ext: 'csv', image: false },
};

/**
 * Packages (ZIP containers) by the extension an uploaded name gives them: a file so named whose
 * content is a plain ZIP lacks the package's parts, and is refused rather than kept as a ZIP.
 */
const PACKAGE_TYPE_BY_EXTENSION: Readonly<Record<string, AllowedType>> = {
  docx: ALLOWED_TYPES[DOCX_MIME]!,
  xlsx: ALLOWED_TYPES[XLSX_MIME]!,
  ods: ALLOWED_TYPES[ODS_MIME]!,
};

/** The last extension of an uploaded name once cleaned, lower-case, without the dot ('' if none). */
function extensionOf(declaredName: string): string {
  const name = cleanFileName(declaredName);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The text type an uploaded name asks for (`.txt`, `.log`, `.csv`, any case), or undefined. */
export function textTypeOfName(declaredName: string): AllowedType | undefined {
  return TEXT_TYPES[extensionOf(declaredName)];
}

/** The package type (DOCX, XLSX, ODS) an uploaded name claims, or undefined. */
export function packageTypeOfName(declaredName: string): AllowedType | undefined {
  return PACKAGE_TYPE_BY_EXTENSION[extensionOf(declaredName)];
}

/** What the content says the file is: a MIME type (null when unrecognised) and its extension. */
export interface DetectedType {
  mime: string | null;
  ext: string | null;
}

const CFB_SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
/** Bounds on the directory walk, so a crafted container cannot make it loop or read forever. */
const MAX_DIRECTORY_SECTORS = 4096;

/**
 * Whether the Compound File at `filePath` has a `WordDocument` stream in its root storage
 * (a Word 97–2003 document). Reads only the header, the FAT sectors needed and the directory.
 * Any inconsistency answers false (the file is then refused as an unknown compound file).
 */
export async function isWordCompoundFile(filePath: string): Promise<boolean> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(512);
    await handle.read(header, 0, 512, 0);
    if (!header.subarray(0, 8).equals(CFB_SIGNATURE)) return false;
    const sectorShift = header.readUInt16LE(30);
    if (sectorShift !== 9 && sectorShift !== 12) return false;
    const sectorSize = 1 << sectorShift;
    const fatSectorCount = header.readUInt32LE(44);
    const firstDirectorySector = header.readUInt32LE(48);
    let difatSector = header.readUInt32LE(68);
    const difatCount = header.readUInt32LE(72);
    const sectorOffset = (sector: number) => (sector + 1) * sectorSize;
    const readSector = async (sector: number): Promise<Buffer | null> => {
      const offset = sectorOffset(sector);
      if (offset + sectorSize > size) return null;
      const buffer = Buffer.alloc(sectorSize);
      await handle.read(buffer, 0, sectorSize, offset);
      return buffer;
    };

    // The FAT's sectors: 109 in the header, the rest in the DIFAT chain.
    const fatSectors: number[] = [];
    for (let i = 0; i < 109 && fatSectors.length < fatSectorCount; i++) {
      fatSectors.push(header.readUInt32LE(76 + i * 4));
    }
    for (
      let n = 0;
      n < difatCount && difatSector !== ENDOFCHAIN && n < MAX_DIRECTORY_SECTORS;
      n++
    ) {
      const difat = await readSector(difatSector);
      if (!difat) return false;
      const perSector = sectorSize / 4 - 1;
      for (let i = 0; i < perSector && fatSectors.length < fatSectorCount; i++) {
        fatSectors.push(difat.readUInt32LE(i * 4));
      }
      difatSector = difat.readUInt32LE(perSector * 4);
    }
    const entriesPerFatSector = sectorSize / 4;
    const nextSector = async (sector: number): Promise<number | null> => {
      const fatSector = fatSectors[Math.floor(sector / entriesPerFatSector)];
      if (fatSector === undefined || fatSector === FREESECT) return null;
      const fat = await readSector(fatSector);
      return fat ? fat.readUInt32LE((sector % entriesPerFatSector) * 4) : null;
    };

    // The directory: 128-byte entries; entry 0 is the root storage. A stream of the root named
    // "WordDocument" (UTF-16LE) marks a Word binary document.
    let sector: number | null = firstDirectorySector;
    for (let n = 0; sector !== null && sector !== ENDOFCHAIN && n < MAX_DIRECTORY_SECTORS; n++) {
      const directory = await readSector(sector);
      if (!directory) return false;
      for (let offset = 0; offset + 128 <= sectorSize; offset += 128) {
        const nameBytes = directory.readUInt16LE(offset + 64);
        const type = directory.readUInt8(offset + 66);
        if (type !== 2 || nameBytes < 2 || nameBytes > 64) continue;
        const name = directory.toString('utf16le', offset, offset + nameBytes - 2);
        if (name === 'WordDocument') return true;
      }
      sector = await nextSector(sector);
    }
    return false;
  } finally {
    await handle.close();
  }
}

/**
 * The type of the file at `filePath` by its content. `{mime: null}` when nothing is recognised.
 * A Compound File is reported as `application/msword` when it is a Word document, else as
 * `application/x-cfb`.
 */
export async function detectFileType(filePath: string): Promise<DetectedType> {
  const detected = await fileTypeFromFile(filePath);
  if (!detected) return { mime: null, ext: null };
  if (detected.mime === 'application/x-cfb') {
    return (await isWordCompoundFile(filePath))
      ? { mime: 'application/msword', ext: 'doc' }
      : { mime: detected.mime, ext: detected.ext };
  }
  return { mime: detected.mime, ext: detected.ext };
}

/**
 * What kind of program the first bytes `head` (at least 4) are, or null: ELF (`\x7fELF`),
 * Windows PE/MZ (`MZ`), Mach-O (thin, either byte order, 32 or 64 bits), Mach-O universal or a
 * Java class (`CAFEBABE`), or a script with an interpreter line (`#!`).
 */
export function executableKind(head: Buffer): string | null {
  if (head.length < 2) return null;
  if (head[0] === 0x23 && head[1] === 0x21) return 'a script (#!)';
  if (head[0] === 0x4d && head[1] === 0x5a) return 'a Windows executable (MZ/PE)';
  if (head.length < 4) return null;
  const magic = head.readUInt32BE(0);
  if (magic === 0x7f454c46) return 'an ELF executable';
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic)) {
    return 'a Mach-O executable';
  }
  if (magic === 0xcafebabe) return 'a Mach-O universal binary or Java class';
  return null;
}

/** The first bytes of the file at `filePath` (up to `length`). */
export async function readHead(filePath: string, length = 16): Promise<Buffer> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The outcome of a structure check. */
export type StructureCheck = { valid: true } | { valid: false; reason: string };

/**
 * Parts an Office Open XML package of each accepted type must hold, by detected MIME type (the
 * `[Content_Types].xml` of the Open Packaging Conventions, and the main document part where every
 * producer puts it).
 */
const PACKAGE_PARTS: Readonly<Record<string, readonly string[]>> = {
  [DOCX_MIME]: ['[Content_Types].xml', 'word/document.xml'],
  [XLSX_MIME]: ['[Content_Types].xml', 'xl/workbook.xml'],
  // ODF: the `mimetype` entry was read by file-type; the manifest and the content must be XML.
  [ODS_MIME]: ['META-INF/manifest.xml', 'content.xml'],
};
/** Entries of a package read from its central directory, at most. */
export const MAX_ZIP_ENTRIES = 10_000;
/**
 * Entries of a plain ZIP archive, at most (the classic format's own limit): its central directory
 * is read whole, so this bounds the work; archives with more are refused.
 */
const MAX_ARCHIVE_ENTRIES = 65_535;
/** Bytes of a required part inflated to see that it starts as XML (never the whole part). */
const XML_PREFIX_BYTES = 1024;

/** Whether `head` starts as an XML document: optional BOM (UTF-8/16), whitespace, then `<`. */
function startsAsXml(head: Buffer): boolean {
  if (head[0] === 0xff && head[1] === 0xfe) return head[2] === 0x3c && head[3] === 0;
  if (head[0] === 0xfe && head[1] === 0xff) return head[2] === 0 && head[3] === 0x3c;
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  return /^\s*</.test(text);
}

/** The first `length` bytes of a zip entry, inflated (the rest is never read). */
async function readEntryHead(zip: ZipFile, entry: Entry, length: number): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= length) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, length);
}

/**
 * Whether the file at `filePath` is a ZIP archive (its central directory read with `yauzl`:
 * consistent offsets and sizes, safe entry names, at most MAX_ZIP_ENTRIES entries, no name twice)
 * that holds each of `required`, unencrypted, each starting as XML.
 */
export async function checkZipPackage(
  filePath: string,
  required: readonly string[],
  maxEntries: number = MAX_ZIP_ENTRIES,
): Promise<StructureCheck> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(filePath, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
      decodeStrings: true,
    });
  } catch (error) {
    return { valid: false, reason: `not a readable ZIP archive (${(error as Error).message})` };
  }
  try {
    if (zip.entryCount > maxEntries) {
      return { valid: false, reason: `more than ${maxEntries} entries` };
    }
    const entries = new Map<string, Entry>();
    for await (const entry of zip.eachEntry()) {
      if (entries.has(entry.fileName)) {
        return { valid: false, reason: `"${entry.fileName}" appears twice` };
      }
      entries.set(entry.fileName, entry);
    }
    for (const name of required) {
      const entry = entries.get(name);
      if (!entry) return { valid: false, reason: `the package has no ${name}` };
      if (entry.isEncrypted()) return { valid: false, reason: `${name} is encrypted` };
      if (!startsAsXml(await readEntryHead(zip, entry, XML_PREFIX_BYTES))) {
        return { valid: false, reason: `${name} is not XML` };
      }
    }
    return { valid: true };
  } catch (error) {
    return { valid: false, reason: `the archive is damaged (${(error as Error).message})` };
  } finally {
    zip.close();
  }
}

/**
 * Checks that the file at `filePath`, detected as `mime`, has the structure of that type: a PDF
 * parses (pdf-check.ts); a DOCX, XLSX or ODS is a package with its required parts; a ZIP's
 * central directory reads (yauzl: consistent offsets and sizes, no absolute or `..` entry
 * names, at most MAX_ARCHIVE_ENTRIES entries, no name twice), nothing inflated. Other types pass
 * here (Word 97 files are checked at detection, images by thumbnails.ts, text by
 * text-check.ts; MP4 and WebM by their header alone).
 * @throws Error only when a check cannot run (a server fault, not the file's).
 */
export async function checkStructure(filePath: string, mime: string): Promise<StructureCheck> {
  if (mime === 'application/pdf') {
    const check = await checkPdf(filePath);
    return check.valid ? { valid: true } : check;
  }
  if (mime === ZIP_MIME) return checkZipPackage(filePath, [], MAX_ARCHIVE_ENTRIES);
  const parts = PACKAGE_PARTS[mime];
  if (parts) return checkZipPackage(filePath, parts);
  return { valid: true };
}

/** Longest kept file name, in characters (extension included). */
export const MAX_FILE_NAME_LENGTH = 150;

/**
 * The client's file name, safe to keep and show: the last path segment only (no `/` or `\`),
 * without control characters (C0, DEL, C1), bidirectional overrides and isolates (U+202A–202E,
 * U+2066–2069, U+200E/200F, U+061C: "Trojan Source" tricks such as `invoice‮fdp.exe`), zero-width
 * and other format characters, or the characters Windows refuses (`<>:"|?*`); NFC-normalized,
 * whitespace collapsed, leading dots removed (no hidden or `..` names), capped at
 * MAX_FILE_NAME_LENGTH characters keeping the extension. The extension is then the one of the
 * detected type (`ext`), so a name never claims another type than the content: `photo.exe` of
 * a PNG becomes `photo.exe.png`. An empty result becomes `attachment.<ext>`.
 */
export function sanitizeFileName(declared: string, ext: string): string {
  let name = cleanFileName(declared);
  const suffix = `.${ext}`;
  const hasExt = name.toLowerCase().endsWith(suffix) || (ext === 'jpg' && /\.jpe?g$/i.test(name));
  let stem = hasExt ? name.slice(0, name.lastIndexOf('.')) : name;
  const extPart = hasExt ? name.slice(name.lastIndexOf('.')) : suffix;
  const room = MAX_FILE_NAME_LENGTH - extPart.length;
  // Cap by code points, so a surrogate pair is never cut in half.
  const codePoints = Array.from(stem);
  if (codePoints.length > room) stem = codePoints.slice(0, room).join('').trim();
  name = stem ? `${stem}${extPart}` : `attachment${suffix}`;
  return name;
}

/** The cleaning of sanitizeFileName, without the extension and length rules. */
function cleanFileName(declared: string): string {
  const lastSegment = declared.split(/[/\\]/).pop() ?? '';
  return lastSegment
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
}

/**
 * The client's file name as uploaded, for the problems that refuse it (`"a.txt"`, never a name
 * with the detected type's extension added): cleaned as sanitizeFileName does (no path, no
 * control or bidirectional characters), capped at MAX_FILE_NAME_LENGTH code points;
 * `attachment` when nothing is left.
 */
export function uploadedFileName(declared: string): string {
  const name = Array.from(cleanFileName(declared)).slice(0, MAX_FILE_NAME_LENGTH).join('');
  return name || 'attachment';
}
