/**
 * Attachments, through the real app on its own database and a local store in a
 * throwaway folder: each accepted type, the attacks of the issue (executables renamed, HTML
 * declared as PNG, SVG with script, 32 MB + 1 byte, hostile names, a decompression bomb), who
 * may download what (owner, another customer, another organization, the tracker, internal
 * notes), removal and the cleanup of unreferenced files.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAttachmentStore } from '../src/modules/attachments/attachment-store.js';
import { createAttachmentsService } from '../src/modules/attachments/attachments.service.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import {
  SAMPLE_HTML,
  SAMPLE_SVG,
  sampleCompoundFile,
  sampleDocx,
  sampleElf,
  sampleExe,
  sampleImage,
  samplePdf,
  samplePngBomb,
} from './helpers/sample-files.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let dataDir: string;
let customer: string;
let customer2: string;
let agent: string;
let globexAgent: string;
let admin: string;
let customerEmail: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'docket-attachments-'));
  t = await createTestApp({
    seed: false,
    config: testConfig({ DATA_DIR: dataDir, ATTACHMENT_CLEANUP_INTERVAL_MINUTES: '0' }),
  });
  const acme = await createOrganizationWithUsers(t.prisma, {
    customer: { role: 'CUSTOMER' },
    customer2: { role: 'CUSTOMER' },
    agent: { role: 'AGENT' },
    admin: { role: 'ADMIN' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
  customerEmail = acme.users.customer.email;
  ({ customer, customer2, agent, admin } = await signInAll(t, acme.users));
  globexAgent = await signIn(t, globex.users.agent);
});
afterAll(async () => {
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A ticket of `customer`, created through the API (JSON). */
async function customerTicket(): Promise<{ id: string; reference: string }> {
  const res = await t
    .http()
    .post('/api/tickets')
    .set(authHeader(customer))
    .send({ subject: 'Files for my refund', description: 'Here is what I was charged twice.' });
  expect(res.status).toBe(201);
  return res.body;
}

/** Uploads `files` to POST /api/tickets/:id/attachments as `token`. */
function upload(
  token: string,
  ticketId: string,
  files: { name: string; bytes: Buffer; type?: string }[],
) {
  let req = t.http().post(`/api/tickets/${ticketId}/attachments`).set(authHeader(token));
  for (const file of files) {
    req = req.attach('files', file.bytes, {
      filename: file.name,
      contentType: file.type ?? 'application/octet-stream',
    });
  }
  return req;
}

/** Downloads a link of the API as `token` (or without credentials). */
function download(link: string, token?: string) {
  const req = t
    .http()
    .get(link)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return token ? req.set(authHeader(token)) : req;
}

describe('accepted types, decided by content', () => {
  it('stores each of PDF, DOC, DOCX, JPG, PNG, GIF and WEBP with the detected type', async () => {
    const ticket = await customerTicket();
    const files = [
      { name: 'statement.pdf', bytes: samplePdf(), mime: 'application/pdf' },
      {
        name: 'letter.doc',
        bytes: sampleCompoundFile(['WordDocument', '1Table']),
        mime: 'application/msword',
      },
      {
        name: 'letter.docx',
        bytes: sampleDocx(),
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
      { name: 'photo.jpg', bytes: await sampleImage('jpeg'), mime: 'image/jpeg' },
      { name: 'screen.png', bytes: await sampleImage('png'), mime: 'image/png' },
      { name: 'anim.gif', bytes: await sampleImage('gif'), mime: 'image/gif' },
      { name: 'pic.webp', bytes: await sampleImage('webp'), mime: 'image/webp' },
    ];
    const res = await upload(customer, ticket.id, files);
    expect(res.status, res.text).toBe(201);
    expect(res.body.data.map((a: { mimeType: string }) => a.mimeType)).toEqual(
      files.map((f) => f.mime),
    );
    for (const [i, attachment] of (
      res.body.data as {
        links: { thumbnail: string | null };
        sizeBytes: number;
        width: number | null;
      }[]
    ).entries()) {
      const image = files[i]!.mime.startsWith('image/');
      expect(attachment.sizeBytes).toBe(files[i]!.bytes.length);
      expect(attachment.links.thumbnail !== null).toBe(image);
      expect(attachment.width).toBe(image ? 64 : null);
    }
    // The bytes come back as they were sent.
    const pdf = await download(res.body.data[0].links.content, customer);
    expect(pdf.status).toBe(200);
    expect(Buffer.compare(pdf.body as Buffer, files[0]!.bytes)).toBe(0);
  });

  it('refuses a compound file that is not a Word document (415 naming the detected type)', async () => {
    const ticket = await customerTicket();
    const res = await upload(customer, ticket.id, [
      { name: 'sheet.doc', bytes: sampleCompoundFile(['Workbook']) },
    ]);
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_file_type');
    expect(res.body.detail).toContain('application/x-cfb');
  });
});

describe('attacks on uploads', () => {
  it.each([
    [
      'a Windows executable renamed .png',
      'invoice.png',
      sampleExe(),
      'image/png',
      'application/x-msdownload',
    ],
    [
      'a Linux executable renamed .png',
      'screenshot.png',
      sampleElf(),
      'image/png',
      'application/x-elf',
    ],
    [
      'an HTML file declared as image/png',
      'image.png',
      SAMPLE_HTML,
      'image/png',
      'of no recognised type',
    ],
    ['an SVG with a script', 'logo.svg', SAMPLE_SVG, 'image/svg+xml', 'application/xml'],
  ])(
    'refuses %s with 415 naming the detected type, storing nothing',
    async (_what, name, bytes, type, detected) => {
      const ticket = await customerTicket();
      const before = await t.prisma.attachment.count();
      const res = await upload(customer, ticket.id, [{ name, bytes, type }]);
      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('unsupported_file_type');
      expect(res.body.detail).toContain(detected);
      expect(res.body.errors).toEqual([{ path: 'files.0', message: expect.any(String) }]);
      expect(await t.prisma.attachment.count()).toBe(before);
    },
  );

  it('refuses the whole request when one file of several is refused', async () => {
    const ticket = await customerTicket();
    const res = await upload(customer, ticket.id, [
      { name: 'ok.png', bytes: await sampleImage('png') },
      { name: 'bad.png', bytes: sampleExe() },
    ]);
    expect(res.status).toBe(415);
    expect(res.body.errors[0].path).toBe('files.1');
    expect(await t.prisma.attachment.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it('sanitizes hostile names: path separators, NUL, bidi overrides, 300 characters', async () => {
    const ticket = await customerTicket();
    const png = await sampleImage('png');
    const res = await upload(customer, ticket.id, [
      { name: '../../etc/passwd.png', bytes: png },
      { name: 'a\u0000b.png', bytes: png },
      { name: 'invoice\u202Egnp.exe', bytes: png },
      { name: `${'x'.repeat(300)}.png`, bytes: png },
      { name: '..\\..\\windows\\win.ini', bytes: png },
    ]);
    expect(res.status, res.text).toBe(201);
    const names: string[] = res.body.data.map((a: { fileName: string }) => a.fileName);
    expect(names[0]).toBe('passwd.png');
    expect(names[1]).toBe('ab.png');
    expect(names[2]).toBe('invoicegnp.exe.png');
    expect(names[3]).toBe(`${'x'.repeat(146)}.png`);
    expect(names[4]).toBe('win.ini.png');
    for (const name of names) {
      expect(name).not.toMatch(/[/\\\u202A-\u202E\u2066-\u2069]/);
      expect(name.includes('\u0000')).toBe(false);
      expect(name.length).toBeLessThanOrEqual(150);
    }
    // The stored name is generated: the content hash, whatever the client called it.
    const rows = await t.prisma.attachment.findMany({ where: { ticketId: ticket.id } });
    for (const row of rows)
      expect(row.storageKey).toBe(`originals/${row.sha256.slice(0, 2)}/${row.sha256}`);
    // Downloads name the file safely (RFC 6266), as an attachment.
    const dl = await download(res.body.data[2].links.content, customer);
    expect(dl.headers['content-disposition']).toMatch(
      /^attachment; filename="invoicegnp\.exe\.png"/,
    );
  });

  it('refuses a decompression-bomb PNG (422 image_too_large) without decoding it', async () => {
    const ticket = await customerTicket();
    const bomb = await samplePngBomb(10_000);
    expect(bomb.length).toBeLessThan(1024 * 1024); // 100 megapixels in under 1 MB
    const res = await upload(customer, ticket.id, [{ name: 'bomb.png', bytes: bomb }]);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('image_too_large');
    expect(res.body.detail).toContain('10000 × 10000');
  });

  it('refuses a truncated image (422 invalid_image)', async () => {
    const ticket = await customerTicket();
    const png = await sampleImage('png', 400, 300);
    const res = await upload(customer, ticket.id, [
      { name: 'cut.png', bytes: png.subarray(0, Math.floor(png.length / 2)) },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('invalid_image');
  });

  it('refuses more files than ATTACHMENT_MAX_FILES_PER_REQUEST (413 too_many_files)', async () => {
    const ticket = await customerTicket();
    const png = await sampleImage('png');
    const res = await upload(
      customer,
      ticket.id,
      Array.from({ length: t.config.attachments.maxFilesPerRequest + 1 }, (_, i) => ({
        name: `f${i}.png`,
        bytes: png,
      })),
    );
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('too_many_files');
  });

  it('answers 413 to a file of 32 MB + 1 byte, streamed, and memory stays flat', async () => {
    const ticket = await customerTicket();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const size = 32 * 1024 * 1024 + 1;
    expect(t.config.attachments.maxFileBytes).toBe(32 * 1024 * 1024);
    const boundary = 'docket-boundary-7f3a';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    Buffer.from('89504e470d0a1a0a', 'hex').copy(chunk); // starts like a PNG

    // Live memory, not garbage: each sample collects first (V8's gc, exposed for this test), and
    // the buffers found dead are freed before gc() returns. V8 frees them on a background thread
    // by default: on a loaded machine it lags, and `arrayBuffers` still counted the last 100 ms
    // of socket chunks (22.6 MiB in one CI run, against 0.3 MiB on an idle machine).
    v8.setFlagsFromString('--expose-gc');
    v8.setFlagsFromString('--no-concurrent-array-buffer-sweeping');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage();
    let peakArrayBuffers = baseline.arrayBuffers;
    let peakRss = baseline.rss;
    const sampler = setInterval(() => {
      gc();
      const now = process.memoryUsage();
      peakArrayBuffers = Math.max(peakArrayBuffers, now.arrayBuffers);
      peakRss = Math.max(peakRss, now.rss);
    }, 100);

    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/tickets/${ticket.id}/attachments`,
          headers: {
            ...authHeader(customer),
            'Content-Type': `multipart/form-data; boundary=${boundary}`,
            'Content-Length': String(head.length + size + tail.length),
          },
        },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      // Written as it is generated, respecting back-pressure: the test never holds the file.
      let sent = 0;
      const pump = () => {
        while (sent < size) {
          const n = Math.min(chunk.length, size - sent);
          const piece =
            sent === 0 ? Buffer.concat([head, chunk.subarray(0, n)]) : chunk.subarray(0, n);
          sent += n;
          if (!req.write(piece)) return void req.once('drain', pump);
        }
        req.end(tail);
      };
      pump();
    });
    clearInterval(sampler);
    v8.setFlagsFromString('--concurrent-array-buffer-sweeping');

    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'file_too_large', status: 413 });
    // Had the server buffered the upload, Buffer memory would have grown by at least its size.
    // Streaming keeps it to socket and file-stream buffers, under 1 MiB: half the file's size
    // tells the two apart with room to spare.
    const growth = peakArrayBuffers - baseline.arrayBuffers;
    expect(growth).toBeLessThan(size / 2);
    console.info(
      `32 MiB + 1 upload: Buffer memory grew ${(growth / 1048576).toFixed(1)} MiB at most; RSS ${((peakRss - baseline.rss) / 1048576).toFixed(1)} MiB`,
    );
    // Nothing is left behind: no row, no temporary file.
    expect(await t.prisma.attachment.count({ where: { ticketId: ticket.id } })).toBe(0);
    expect(readdirSync(path.join(t.config.attachments.dir, 'tmp'))).toEqual([]);
  }, 120_000);
});

describe('files with a new ticket and with replies (multipart on the JSON routes)', () => {
  it('creates a ticket with files from multipart fields, and keeps JSON creates working', async () => {
    const png = await sampleImage('png');
    const res = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .field('subject', 'Printer on fire')
      .field('description', 'See the attached photo of the printer.')
      .field('priority', 'HIGH')
      .field('tags', 'hardware')
      .field('tags', 'urgent')
      .attach('files', png, { filename: 'printer.png', contentType: 'image/png' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.priority).toBe('HIGH');
    expect(res.body.tags).toEqual(['hardware', 'urgent']);
    expect(res.body.attachments).toHaveLength(1);
    expect(res.body.attachments[0]).toMatchObject({
      fileName: 'printer.png',
      mimeType: 'image/png',
      responseId: null,
    });
    const activity = await t
      .http()
      .get(`/api/tickets/${res.body.id}/activity`)
      .set(authHeader(agent));
    expect(activity.body.data.map((a: { type: string }) => a.type)).toEqual([
      'CREATED',
      'ATTACHMENT_ADDED',
    ]);

    // Bad fields are the same 400 as in JSON, naming the field; nothing is stored.
    const bad = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .field('subject', 'Hi')
      .field('description', 'Too short a subject, with a file.')
      .attach('files', png, { filename: 'x.png' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('subject');
  });

  it('attaches files to a public reply and to an internal note', async () => {
    const ticket = await customerTicket();
    const reply = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent))
      .field('content', 'Here is the corrected invoice.')
      .attach('files', samplePdf(), { filename: 'invoice.pdf', contentType: 'application/pdf' });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.attachments[0]).toMatchObject({ fileName: 'invoice.pdf', isInternal: false });
    const note = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent))
      .field('content', 'Internal: the fraud report.')
      .field('isInternal', 'true')
      .attach('files', await sampleImage('png'), { filename: 'fraud.png' });
    expect(note.status, note.text).toBe(201);
    expect(note.body.isInternal).toBe(true);
    expect(note.body.attachments[0]).toMatchObject({ isInternal: true });
    // A customer may not write an internal note, files or not (403), and nothing is stored.
    const before = await t.prisma.attachment.count();
    const forbidden = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(customer))
      .field('content', 'sneaky')
      .field('isInternal', 'true')
      .attach('files', await sampleImage('png'), { filename: 'x.png' });
    expect(forbidden.status).toBe(403);
    expect(await t.prisma.attachment.count()).toBe(before);
    // A multipart request to a route that takes none is a 415.
    const patch = await t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(authHeader(agent))
      .field('priority', 'LOW');
    expect(patch.status).toBe(415);
  });

  it('refuses files on a CLOSED ticket (409)', async () => {
    const ticket = await customerTicket();
    await t.prisma.ticket.update({ where: { id: ticket.id }, data: { status: 'CLOSED' } });
    const res = await upload(customer, ticket.id, [{ name: 'late.pdf', bytes: samplePdf() }]);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ticket_closed');
  });
});

describe('who may download what', () => {
  let ticket: { id: string; reference: string };
  let ownFile: { id: string; links: { content: string; thumbnail: string } };
  let publicReplyFile: { id: string; links: { content: string } };
  let internalFile: { id: string; links: { content: string; thumbnail: string } };
  let originalPng: Buffer;

  beforeAll(async () => {
    ticket = await customerTicket();
    originalPng = await sharp({
      create: { width: 800, height: 600, channels: 3, background: '#ff0000' },
    })
      .png()
      .withMetadata({ exif: { IFD0: { Copyright: 'secret-exif-marker' } } })
      .toBuffer();
    const own = await upload(customer, ticket.id, [{ name: 'receipt.png', bytes: originalPng }]);
    expect(own.status, own.text).toBe(201);
    ownFile = own.body.data[0];
    const reply = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent))
      .field('content', 'Your refund confirmation.')
      .attach('files', samplePdf(), { filename: 'refund.pdf' });
    publicReplyFile = reply.body.attachments[0];
    const note = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent))
      .field('content', 'Internal: screenshot of the fraud tool.')
      .field('isInternal', 'true')
      .attach('files', await sampleImage('png'), { filename: 'fraud-tool.png' });
    internalFile = note.body.attachments[0];
  });

  it('lets the requester download their files, as attachments with safe headers', async () => {
    const res = await download(ownFile.links.content, customer);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe('attachment; filename="receipt.png"');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain('sandbox');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.compare(res.body as Buffer, originalPng)).toBe(0);
    const meta = await t.http().get(`/api/attachments/${ownFile.id}`).set(authHeader(customer));
    expect(meta.status).toBe(200);
    expect(meta.body).toMatchObject({ fileName: 'receipt.png', width: 800, height: 600 });
  });

  it('serves thumbnails re-encoded: WebP, small, none of the original bytes or metadata', async () => {
    const res = await download(ownFile.links.thumbnail, customer);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['content-disposition']).toMatch(/^inline/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const thumb = res.body as Buffer;
    const meta = await sharp(thumb).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(320);
    expect(meta.exif).toBeUndefined();
    expect(thumb.includes(Buffer.from('secret-exif-marker'))).toBe(false);
    expect(originalPng.includes(Buffer.from('secret-exif-marker'))).toBe(true);
    // A document has no thumbnail.
    const none = await t
      .http()
      .get(`/api/attachments/${publicReplyFile.id}/thumbnail`)
      .set(authHeader(customer));
    expect(none.status).toBe(404);
  });

  it('shows the ticket and response attachment lists to the requester without internal ones', async () => {
    const got = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(customer));
    expect(got.body.attachments.map((a: { id: string }) => a.id)).toEqual([ownFile.id]);
    const responses = await t
      .http()
      .get(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(customer));
    const ids = responses.body.data.flatMap((r: { attachments: { id: string }[] }) =>
      r.attachments.map((a) => a.id),
    );
    expect(ids).toEqual([publicReplyFile.id]);
    const activity = await t
      .http()
      .get(`/api/tickets/${ticket.id}/activity`)
      .set(authHeader(customer));
    const added = activity.body.data.filter((a: { type: string }) => a.type === 'ATTACHMENT_ADDED');
    expect(added.map((a: { after: { attachmentId: string } }) => a.after.attachmentId)).toEqual([
      ownFile.id,
      publicReplyFile.id,
    ]);
  });

  it('never lets a customer reach an internal note’s file (404 on metadata, content, thumbnail)', async () => {
    for (const link of [
      `/api/attachments/${internalFile.id}`,
      internalFile.links.content,
      internalFile.links.thumbnail,
    ]) {
      const res = await t.http().get(link).set(authHeader(customer));
      expect(res.status, link).toBe(404);
    }
    const staff = await download(internalFile.links.content, agent);
    expect(staff.status).toBe(200);
  });

  it('answers 404 to another customer and to another organization', async () => {
    for (const token of [customer2, globexAgent]) {
      for (const link of [
        `/api/attachments/${ownFile.id}`,
        ownFile.links.content,
        ownFile.links.thumbnail,
        publicReplyFile.links.content,
      ]) {
        const res = await t.http().get(link).set(authHeader(token));
        expect(res.status, link).toBe(404);
      }
    }
    expect((await t.http().get(ownFile.links.content)).status).toBe(401);
  });

  it('lets the tracker link download public files only', async () => {
    const link = await t
      .http()
      .get(`/api/tickets/${ticket.id}/tracking-link`)
      .set(authHeader(agent));
    const token = String(link.body.url).split('/t/')[1]!;
    const view = await t.http().get(`/api/public/tickets/${token}`);
    expect(view.status).toBe(200);
    expect(view.body.attachments).toHaveLength(1);
    const replies = view.body.timeline.filter((i: { type: string }) => i.type === 'reply');
    const replyFiles = replies.flatMap((r: { attachments: unknown[] }) => r.attachments);
    expect(replyFiles).toHaveLength(1); // the internal note is not in the timeline at all
    expect(JSON.stringify(view.body)).not.toContain(internalFile.id);

    const file = await download(view.body.attachments[0].links.content);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toBe('attachment; filename="receipt.png"');
    expect(file.headers['cache-control']).toBe('no-store');
    const thumb = await download(view.body.attachments[0].links.thumbnail);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const pdf = await download(replyFiles[0].links.content);
    expect(pdf.status).toBe(200);
    // An internal note's file, or another ticket's, through this token: 404.
    for (const kind of ['content', 'thumbnail']) {
      const res = await t
        .http()
        .get(`/api/public/tickets/${token}/attachments/${internalFile.id}/${kind}`);
      expect(res.status).toBe(404);
    }
    const other = await customerTicket();
    const otherFile = (await upload(customer, other.id, [{ name: 'o.pdf', bytes: samplePdf() }]))
      .body.data[0];
    expect(
      (await t.http().get(`/api/public/tickets/${token}/attachments/${otherFile.id}/content`))
        .status,
    ).toBe(404);
    // The tracker's look-up by reference and email links the same files.
    const tracked = await t
      .http()
      .post('/api/public/track')
      .send({ reference: ticket.reference, email: customerEmail });
    expect(tracked.status).toBe(200);
    expect((await download(tracked.body.attachments[0].links.content)).status).toBe(200);
  });

  it('takes files with a reply through the tracking link', async () => {
    const link = await t
      .http()
      .get(`/api/tickets/${ticket.id}/tracking-link`)
      .set(authHeader(customer));
    const token = String(link.body.url).split('/t/')[1]!;
    const res = await t
      .http()
      .post(`/api/public/tickets/${token}/responses`)
      .field('content', 'One more screenshot.')
      .attach('files', await sampleImage('jpeg'), { filename: 'more.jpg' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.attachments[0]).toMatchObject({ fileName: 'more.jpg', mimeType: 'image/jpeg' });
    const exe = await t
      .http()
      .post(`/api/public/tickets/${token}/responses`)
      .field('content', 'A program.')
      .attach('files', sampleExe(), { filename: 'setup.jpg' });
    expect(exe.status).toBe(415);
  });
});

describe('removal and cleanup', () => {
  it('removes an attachment (staff only), records it, and the cleanup job frees the bytes', async () => {
    const ticket = await customerTicket();
    const unique = await sharp({
      create: { width: 10, height: 10, channels: 3, background: '#123456' },
    })
      .png()
      .toBuffer();
    const added = await upload(customer, ticket.id, [{ name: 'mine.png', bytes: unique }]);
    const file = added.body.data[0];
    const row = await t.prisma.attachment.findUniqueOrThrow({ where: { id: file.id } });
    const stored = path.join(t.config.attachments.dir, ...row.storageKey.split('/'));
    const thumb = path.join(t.config.attachments.dir, ...row.thumbnailKey!.split('/'));
    expect(existsSync(stored) && existsSync(thumb)).toBe(true);

    expect(
      (await t.http().delete(`/api/attachments/${file.id}`).set(authHeader(customer))).status,
    ).toBe(403);
    expect(
      (await t.http().delete(`/api/attachments/${file.id}`).set(authHeader(globexAgent))).status,
    ).toBe(404);
    expect(
      (await t.http().delete(`/api/attachments/${file.id}`).set(authHeader(agent))).status,
    ).toBe(204);
    expect((await t.http().get(file.links.content).set(authHeader(agent))).status).toBe(404);
    expect(
      (await t.http().delete(`/api/attachments/${file.id}`).set(authHeader(agent))).status,
    ).toBe(404);
    const activity = await t
      .http()
      .get(`/api/tickets/${ticket.id}/activity`)
      .set(authHeader(customer));
    const removed = activity.body.data.find(
      (a: { type: string }) => a.type === 'ATTACHMENT_REMOVED',
    );
    expect(removed.before).toMatchObject({ attachmentId: file.id, fileName: 'mine.png' });

    const service = createAttachmentsService({
      prisma: t.prisma,
      config: t.config,
      store: createLocalAttachmentStore(t.config.attachments.dir),
    });
    // Within the grace period nothing goes (an upload may be about to commit).
    await service.cleanupUnreferenced();
    expect(existsSync(stored)).toBe(true);
    // Past it, the removed file's bytes go; the others stay.
    const later = new Date(Date.now() + t.config.attachments.cleanupGraceMs + 60_000);
    const result = await service.cleanupUnreferenced({ now: later });
    expect(result.removedObjects).toBe(2);
    expect(existsSync(stored) || existsSync(thumb)).toBe(false);
    const live = await t.prisma.attachment.findFirstOrThrow({ where: { deletedAt: null } });
    expect(existsSync(path.join(t.config.attachments.dir, ...live.storageKey.split('/')))).toBe(
      true,
    );
    // Deleting a ticket for good (cascade) leaves its files to the next cleanup.
    const doomed = await customerTicket();
    const pdf = Buffer.concat([samplePdf(), Buffer.from(`% ${doomed.id}\n`)]);
    const doomedFile = (await upload(customer, doomed.id, [{ name: 'gone.pdf', bytes: pdf }])).body
      .data[0];
    const doomedRow = await t.prisma.attachment.findUniqueOrThrow({ where: { id: doomedFile.id } });
    await t.prisma.ticket.delete({ where: { id: doomed.id } });
    expect((await service.cleanupUnreferenced({ now: later })).removedObjects).toBe(1);
    expect(
      existsSync(path.join(t.config.attachments.dir, ...doomedRow.storageKey.split('/'))),
    ).toBe(false);
  });

  it('stores the same bytes once and keeps them while any attachment uses them', async () => {
    const a = await customerTicket();
    const b = await customerTicket();
    const pdf = Buffer.concat([samplePdf(), Buffer.from('% shared\n')]);
    const first = (await upload(customer, a.id, [{ name: 'one.pdf', bytes: pdf }])).body.data[0];
    const second = (await upload(customer, b.id, [{ name: 'two.pdf', bytes: pdf }])).body.data[0];
    const rows = await t.prisma.attachment.findMany({
      where: { id: { in: [first.id, second.id] } },
    });
    expect(new Set(rows.map((r) => r.storageKey)).size).toBe(1);
    expect(
      (await t.http().delete(`/api/attachments/${first.id}`).set(authHeader(admin))).status,
    ).toBe(204);
    const service = createAttachmentsService({
      prisma: t.prisma,
      config: t.config,
      store: createLocalAttachmentStore(t.config.attachments.dir),
    });
    await service.cleanupUnreferenced({
      now: new Date(Date.now() + t.config.attachments.cleanupGraceMs + 60_000),
    });
    const res = await download(second.links.content, customer);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, pdf)).toBe(0);
  });
});
