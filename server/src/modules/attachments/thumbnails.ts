/**
 * Image checks and thumbnails with sharp ("Thumbnails for images, generated once, bounded
 * input size (refuse decompression bombs), re-encoded so that no original image bytes are served
 * inline").
 *
 * - `inspectImage` reads the header only: an image over ATTACHMENT_MAX_IMAGE_PIXELS
 *   (width × height of one frame) is refused before anything is decoded; one sharp cannot read
 *   is refused too.
 * - `verifyImageDecodes` then decodes every pixel of every frame (a truncated or corrupt image
 *   whose header is fine is refused), streaming through libvips without holding the pixels, up
 *   to MAX_DECODED_FRAMES_FACTOR × ATTACHMENT_MAX_IMAGE_PIXELS pixels for all frames together.
 *   libvips reads a cut GIF as one with fewer frames, so a GIF must also end with its Trailer
 *   byte 0x3B (GIF89a §27).
 * - `makeThumbnail` decodes the first frame under the same pixel limit (libvips refuses larger
 *   input by itself: `limitInputPixels`), applies the EXIF orientation, fits it in 320 × 320 and
 *   encodes a new WebP without metadata (no EXIF, GPS, ICC, XMP): the only image bytes ever
 *   served inline.
 */
import { open } from 'node:fs/promises';
import type { Metadata, Sharp, SharpOptions } from 'sharp';

let sharpModule: Promise<(input: string, options?: SharpOptions) => Sharp> | undefined;

/**
 * sharp, loaded on first use (an image checked or a thumbnail made) rather than at start:
 * libvips and its native module take tens of MB of resident memory (bench/: server RSS), which a
 * server that never sees an image need not pay.
 */
function loadSharp(): Promise<(input: string, options?: SharpOptions) => Sharp> {
  sharpModule ??= import('sharp').then((module) => module.default);
  sharpModule.catch(() => {
    sharpModule = undefined;
  });
  return sharpModule;
}

/** Thumbnails fit in a square of this side, in pixels. */
export const THUMBNAIL_SIZE = 320;
export const THUMBNAIL_MIME = 'image/webp';

/** Why an image was refused: too many pixels, or unreadable. */
export class ImageRejectedError extends Error {
  constructor(
    readonly reason: 'too_large' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'ImageRejectedError';
  }
}

/**
 * Width and height (of one frame) of the image at `filePath`, from its header.
 * @throws ImageRejectedError `too_large` past `maxPixels`, `unreadable` when sharp cannot read it.
 */
export async function inspectImage(
  filePath: string,
  maxPixels: number,
): Promise<{ width: number; height: number }> {
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(filePath, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageRejectedError(
      'unreadable',
      `the image cannot be read (${(error as Error).message})`,
    );
  }
  const width = meta.width;
  const height = meta.pageHeight ?? meta.height;
  if (!width || !height) throw new ImageRejectedError('unreadable', 'the image has no dimensions');
  if (width * height > maxPixels) {
    throw new ImageRejectedError(
      'too_large',
      `the image is ${width} × ${height} pixels; at most ${maxPixels} pixels are accepted`,
    );
  }
  return { width, height };
}

/** All frames of an animation together may have this many times ATTACHMENT_MAX_IMAGE_PIXELS. */
export const MAX_DECODED_FRAMES_FACTOR = 10;

/**
 * Decodes the whole image at `filePath`, every frame, failing on any decoding error or missing
 * data (libvips `fail-on: error`), with at most `maxPixels` × MAX_DECODED_FRAMES_FACTOR pixels
 * in all (`limitInputPixels`). Pixel statistics are computed on the way, so nothing large is
 * kept in memory.
 * @throws ImageRejectedError `unreadable` (damaged, truncated) or `too_large` (too many frames).
 */
export async function verifyImageDecodes(filePath: string, maxPixels: number): Promise<void> {
  const sharp = await loadSharp();
  const limit = maxPixels * MAX_DECODED_FRAMES_FACTOR;
  try {
    await sharp(filePath, { limitInputPixels: limit, failOn: 'error', pages: -1 }).stats();
  } catch (error) {
    const message = (error as Error).message;
    if (/pixel limit/i.test(message)) {
      throw new ImageRejectedError(
        'too_large',
        `the image's frames have more than ${limit} pixels together`,
      );
    }
    throw new ImageRejectedError('unreadable', `the image cannot be decoded (${message})`);
  }
  if (!(await gifEndsWithTrailer(filePath))) {
    throw new ImageRejectedError('unreadable', 'the GIF is cut short (no trailer byte at its end)');
  }
}

/** false for a GIF (by its signature) whose last byte is not the Trailer 0x3B; true otherwise. */
async function gifEndsWithTrailer(filePath: string): Promise<boolean> {
  const handle = await open(filePath, 'r');
  try {
    const head = Buffer.alloc(6);
    await handle.read(head, 0, 6, 0);
    if (!/^GIF8[79]a$/.test(head.toString('latin1'))) return true;
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x3b;
  } finally {
    await handle.close();
  }
}

/**
 * A WebP thumbnail of the image at `filePath` (first frame, oriented, at most THUMBNAIL_SIZE on
 * each side, never enlarged, no metadata).
 * @throws ImageRejectedError `unreadable` when decoding fails (truncated or corrupt data, or
 * more pixels than `maxPixels`).
 */
export async function makeThumbnail(filePath: string, maxPixels: number): Promise<Buffer> {
  const sharp = await loadSharp();
  try {
    return await sharp(filePath, { limitInputPixels: maxPixels, failOn: 'error', pages: 1 })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
  } catch (error) {
    throw new ImageRejectedError(
      'unreadable',
      `the image cannot be decoded (${(error as Error).message})`,
    );
  }
}
