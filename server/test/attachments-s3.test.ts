/**
 * The S3 driver of the attachment store (s3-attachment-store.ts) against a real S3-compatible
 * server running here: s3rver (npm), on the loopback address, in a throwaway folder. The app is
 * configured with ATTACHMENT_STORAGE=s3 only (no code path of the local driver is used): upload,
 * thumbnail, download through the API, and the cleanup job removing an unreferenced object.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import { createAttachmentStore } from '../src/modules/attachments/attachment-store.js';
import { createAttachmentsService } from '../src/modules/attachments/attachments.service.js';
import type { TestApp } from './helpers/app.js';
import { startS3TestApp, type S3TestApp } from './helpers/s3.js';
import { sampleImage } from './helpers/sample-files.js';
import { authHeader, signIn } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let s3: S3TestApp;
let t: TestApp;
let users: Record<'customer' | 'agent', User>;

beforeAll(async () => {
  s3 = await startS3TestApp('docket-attachments');
  t = s3.t;
  ({ users } = await createOrganizationWithUsers(t.prisma, {
    customer: { role: 'CUSTOMER' },
    agent: { role: 'AGENT' },
  }));
});
afterAll(async () => {
  await s3?.close();
});

const keys = () => s3.keys();

describe('S3 attachment store', () => {
  it('stores uploads and thumbnails as objects, serves them, and cleans up unreferenced ones', async () => {
    expect(t.config.attachments.storage.driver).toBe('s3');
    const customer = await signIn(t, users.customer);
    const ticket = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(customer))
      .send({ subject: 'Photo of the damage', description: 'The parcel arrived crushed.' });
    const png = await sampleImage('png', 500, 400);
    const res = await t
      .http()
      .post(`/api/tickets/${ticket.body.id}/attachments`)
      .set(authHeader(customer))
      .attach('files', png, { filename: 'damage.png' });
    expect(res.status, res.text).toBe(201);
    const row = await t.prisma.attachment.findUniqueOrThrow({ where: { id: res.body.data[0].id } });
    expect(await keys()).toEqual([`docket/${row.storageKey}`, `docket/${row.thumbnailKey}`].sort());

    const download = await t
      .http()
      .get(res.body.data[0].links.content)
      .set(authHeader(customer))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, png)).toBe(0);
    const thumb = await t.http().get(res.body.data[0].links.thumbnail).set(authHeader(customer));
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');

    const agent = await signIn(t, users.agent);
    const removed = await t.http().delete(`/api/attachments/${row.id}`).set(authHeader(agent));
    expect(removed.status).toBe(204);
    const service = createAttachmentsService({
      prisma: t.prisma,
      config: t.config,
      store: await createAttachmentStore(t.config.attachments),
    });
    const later = new Date(Date.now() + t.config.attachments.cleanupGraceMs + 60_000);
    expect((await service.cleanupUnreferenced({ now: later })).removedObjects).toBe(2);
    expect(await keys()).toEqual([]);
  });
});
