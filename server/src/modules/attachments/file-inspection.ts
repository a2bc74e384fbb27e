/**
 * What a file is, decided by its content (SPEC.md "Attachments": "checked by content, not by
 * name"), and what name it may keep.
 *
 * - `detectFileType`: the magic bytes, through the `file-type` package; a file it does not
 *   recognise (text, HTML, SVG, scripts) has no type and is refused. A Compound File (the OLE
 *   container of .doc, .xls, .msi, …) counts as a Word document only when its directory holds a
 *   `WordDocument` stream (MS-CFB §2.6; MS-DOC §2.1.1).
 * - `ALLOWED_TYPES`: PDF, DOC, DOCX, JPG, PNG, GIF, WEBP; anything else is a 415.
 * - `sanitizeFileName`: the client's file name kept as metadata only, never as a path.
 */
import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';

/** A type Docket accepts: the MIME type sent on download and the extension of the name. */
export interface AllowedType {
  mime: string;
  ext: string;
  /** Images get a thumbnail (and their dimensions are checked). */
  image: boolean;
}

/** SPEC.md "Attachments": PDF, DOC, DOCX, JPG, PNG, GIF, WEBP — by detected MIME type. */
export const ALLOWED_TYPES: Readonly<Record<string, AllowedType>> = {
  'application/pdf': { mime: 'application/pdf', ext: 'pdf', image: false },
  'application/msword': { mime: 'application/msword', ext: 'doc', image: false },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
    image: false,
  },
  'image/jpeg': { mime: 'image/jpeg', ext: 'jpg', image: true },
  'image/png': { mime: 'image/png', ext: 'png', image: true },
  'image/gif': { mime: 'image/gif', ext: 'gif', image: true },
  'image/webp': { mime: 'image/webp', ext: 'webp', image: true },
};

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
  const lastSegment = declared.split(/[/\\]/).pop() ?? '';
  let name = lastSegment
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
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
