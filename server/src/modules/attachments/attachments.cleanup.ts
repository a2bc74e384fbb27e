/**
 * The cleanup job of the attachment store ("Deleting a ticket does not orphan files
 * silently: a cleanup job removes unreferenced files"): every ATTACHMENT_CLEANUP_INTERVAL_MINUTES
 * (0: never), `cleanupUnreferenced` runs once, logging what it removed. One run at a time; the
 * timer does not keep the process alive and stops when the app closes.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AttachmentsService } from './attachments.service.js';

async function attachmentCleanup(
  app: FastifyInstance,
  opts: { attachments: Pick<AttachmentsService, 'cleanupUnreferenced'>; intervalMs: number },
) {
  if (opts.intervalMs <= 0) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    opts.attachments
      .cleanupUnreferenced()
      .then((removed) => {
        if (removed.removedObjects || removed.removedTemporaryFiles) {
          app.log.info(removed, 'attachment cleanup removed unreferenced files');
        }
      })
      .catch((err: unknown) => app.log.warn({ err }, 'attachment cleanup failed'))
      .finally(() => (running = false));
  }, opts.intervalMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

export default fp(attachmentCleanup, { name: 'attachment-cleanup', fastify: '5.x' });
