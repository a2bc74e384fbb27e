/**
 * The attachment store's cleanup (docs/product.md "Attachments": "a cleanup job removes
 * unreferenced files"; run by attachments.cleanup.ts): stored objects no live attachment row
 * references, and stale temporary upload files.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AttachmentsConfig } from '../../config.js';
import type { Db } from '../../lib/db.js';
import type { AttachmentStore, StoredObject } from './attachment-store.js';
import { findReferencedKeys } from './attachments.repository.js';

/**
 * Removes from the store every object that no live attachment row references (storageKey or
 * thumbnailKey) and that was last written before `now - ATTACHMENT_CLEANUP_GRACE_MINUTES`
 * (younger ones may belong to an upload whose transaction is about to commit), and temporary
 * upload files older than that. Objects are checked in batches of 500 and each is checked
 * again just before it is removed. @returns how many objects and temporary files were removed.
 */
export async function cleanupUnreferenced(
  deps: {
    db: Db;
    store: AttachmentStore;
    limits: Pick<AttachmentsConfig, 'cleanupGraceMs' | 'dir'>;
  },
  options: { now?: Date } = {},
): Promise<{ removedObjects: number; removedTemporaryFiles: number }> {
  const { db, store, limits } = deps;
  const cutoff = (options.now ?? new Date()).getTime() - limits.cleanupGraceMs;
  let removedObjects = 0;
  const referenced = async (keys: string[]): Promise<Set<string>> => {
    const rows = await findReferencedKeys(db, keys);
    return new Set(rows.flatMap((r) => [r.storageKey, r.thumbnailKey ?? '']));
  };
  const sweep = async (batch: StoredObject[]) => {
    const old = batch.filter((o) => o.lastModified.getTime() < cutoff).map((o) => o.key);
    if (!old.length) return;
    const live = await referenced(old);
    for (const key of old.filter((k) => !live.has(k))) {
      if ((await referenced([key])).size) continue;
      await store.remove(key);
      removedObjects++;
    }
  };
  let batch: StoredObject[] = [];
  for await (const object of store.list()) {
    batch.push(object);
    if (batch.length >= 500) {
      await sweep(batch);
      batch = [];
    }
  }
  await sweep(batch);

  let removedTemporaryFiles = 0;
  const tmpDir = path.join(limits.dir, 'tmp');
  for (const name of await readdir(tmpDir).catch(() => [] as string[])) {
    const file = path.join(tmpDir, name);
    const info = await stat(file).catch(() => null);
    if (info?.isFile() && info.mtime.getTime() < cutoff) {
      await rm(file, { force: true });
      removedTemporaryFiles++;
    }
  }
  return { removedObjects, removedTemporaryFiles };
}
