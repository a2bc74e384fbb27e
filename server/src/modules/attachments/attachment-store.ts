/**
 * Where attachment bytes live, behind one small interface (docs/product.md "Attachments": "stored outside
 * the database").
 *
 * Keys are content-addressed and generated, never taken from a client:
 * `originals/<aa>/<sha256>` for a file, `thumbnails/<aa>/<sha256>.webp` for the thumbnail of the
 * image whose SHA-256 it is (`aa`: the hash's first two hex digits, to keep folders small). The same
 * bytes uploaded twice are stored once; rows in `attachments` reference them, and the cleanup job
 * (attachments.service.ts `cleanupUnreferenced`) removes objects no row references any more.
 *
 * Drivers: `local` (a folder, the default: `<DATA_DIR>/attachments`) and `s3` (S3-compatible
 * object storage, s3-attachment-store.ts), chosen by ATTACHMENT_STORAGE.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { AttachmentsConfig } from '../../config.js';
import {
  StoredObjectMissingError,
  checkedKey,
  isStoreKey,
  type AttachmentStore,
} from './store-contract.js';

// The contract every driver implements lives in store-contract.ts (the S3 driver imports it from
// there, so this module can load the driver without an import cycle); these are its names callers use.
export {
  originalKey,
  thumbnailKey,
  type AttachmentStore,
  type StoredObject,
} from './store-contract.js';

/**
 * The local-disk driver over `dir`: objects at `<dir>/<key>`, uploads in progress in
 * `<dir>/tmp` (the same file system, so a rename is atomic).
 */
export function createLocalAttachmentStore(dir: string): AttachmentStore {
  const tmpDir = path.join(dir, 'tmp');
  const fileOf = (key: string) => path.join(dir, ...checkedKey(key).split('/'));

  async function exists(file: string): Promise<boolean> {
    try {
      await stat(file);
      return true;
    } catch {
      return false;
    }
  }

  async function place(key: string, filePath: string): Promise<void> {
    const target = fileOf(key);
    if (await exists(target)) {
      // Same key, same bytes (content-addressed): keep the stored file, mark it fresh.
      const now = new Date();
      await utimes(target, now, now);
      await rm(filePath, { force: true });
      return;
    }
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await rename(filePath, target);
  }

  return {
    driver: 'local',
    async putFile(key, filePath) {
      await place(key, filePath);
    },
    async putBytes(key, bytes) {
      await mkdir(tmpDir, { recursive: true, mode: 0o700 });
      const temp = path.join(tmpDir, randomUUID());
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await place(key, temp);
    },
    async read(key) {
      const file = fileOf(key);
      // Opened before returning, so a missing file is this error rather than a broken stream.
      const handle = await open(file, 'r').catch(() => {
        throw new StoredObjectMissingError(key);
      });
      return handle.createReadStream();
    },
    async remove(key) {
      await rm(fileOf(key), { force: true });
    },
    async *list() {
      for (const top of ['originals', 'thumbnails']) {
        const shards = await readdir(path.join(dir, top)).catch(() => [] as string[]);
        for (const shard of shards) {
          const names = await readdir(path.join(dir, top, shard)).catch(() => [] as string[]);
          for (const name of names) {
            const key = `${top}/${shard}/${name}`;
            if (!isStoreKey(key)) continue;
            const info = await stat(path.join(dir, top, shard, name)).catch(() => null);
            if (info) yield { key, lastModified: info.mtime };
          }
        }
      }
    },
  };
}

/**
 * The store ATTACHMENT_STORAGE names. The S3 driver (and the AWS SDK) is loaded only when it is
 * configured.
 */
export async function createAttachmentStore(config: AttachmentsConfig): Promise<AttachmentStore> {
  if (config.storage.driver === 's3') {
    const { createS3AttachmentStore } = await import('./s3-attachment-store.js');
    return createS3AttachmentStore(config.storage);
  }
  return createLocalAttachmentStore(config.dir);
}
