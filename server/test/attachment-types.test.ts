/**
 * The attachment types support teams receive (docs/product.md "Attachments"): plain text (.txt,
 * .log), CSV, XLSX, ODS, ZIP and MP4/WebM screen recordings, through the real app on its own
 * database and a local store. Each is accepted with a small real sample made here; what
 * pretends to be one is refused (an executable named .zip, text with NUL bytes or not UTF-8,
 * a plain ZIP named .xlsx, a ZIP with a `..` entry); the 415 names the file as uploaded;
 * downloads are attachments with `nosniff` and the sandboxing CSP; a mailed CSV goes through
 * the same intake.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';
import { sampleElf, sampleExe, sampleZip } from './helpers/sample-files.js';

const MAX_FILE_MB = 1;

let t: TestApp;
let dataDir: string;
let customer: string;
let agent: string;
let admin: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'docket-attachment-types-'));
  t = await createTestApp({
    seed: false,
    config: testConfig({
      DATA_DIR: dataDir,
      ATTACHMENT_CLEANUP_INTERVAL_MINUTES: '0',
      ATTACHMENT_MAX_FILE_MB: String(MAX_FILE_MB),
    }),
  });
  const acme = await createOrganizationWithUsers(t.prisma, {
    customer: { role: 'CUSTOMER' },
    agent: { role: 'AGENT' },
    admin: { role: 'ADMIN' },
  });
  ({ customer, agent, admin } = await signInAll(t, acme.users));
});
afterAll(async () => {
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

// --- Samples, made here: nothing downloaded. ------------------------------------------------

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

const XLSX_CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>';

/** A minimal XLSX: an OOXML package whose main part is a workbook. */
function sampleXlsx(parts: Record<string, string> = {}): Buffer {
  return sampleZip({
    '[Content_Types].xml': XLSX_CONTENT_TYPES,
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>',
    ...parts,
  });
}

/** A minimal ODS: the `mimetype` entry first and stored, then the manifest and the content. */
function sampleOds(omit: string[] = []): Buffer {
  const entries: Record<string, string> = {
    mimetype: ODS_MIME,
    'META-INF/manifest.xml':
      '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>',
    'content.xml':
      '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body><office:spreadsheet/></office:body></office:document-content>',
  };
  for (const name of omit) delete entries[name];
  return sampleZip(entries);
}

/** An ISO BMFF box: 32-bit size, type, body. */
function box(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/** The start of an MP4 (ISO/IEC 14496-12): `ftyp` with `brand`, then `free` and an empty `mdat`. */
function sampleMp4(brand = 'isom'): Buffer {
  const ftyp = Buffer.concat([
    Buffer.from(brand.padEnd(4, ' '), 'latin1'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isomiso2avc1mp41', 'latin1'),
  ]);
  return Buffer.concat([
    box('ftyp', ftyp),
    box('free', Buffer.alloc(0)),
    box('mdat', Buffer.alloc(0)),
  ]);
}

/** An EBML element whose body is under 127 bytes (one-byte size). */
function ebml(id: number[], body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(id), Buffer.from([0x80 | body.length]), body]);
}

/** The start of a WebM (Matroska with DocType `webm`): the EBML header, then a Segment. */
function sampleWebm(docType = 'webm'): Buffer {
  const header = ebml(
    [0x1a, 0x45, 0xdf, 0xa3],
    Buffer.concat([
      ebml([0x42, 0x86], Buffer.from([1])), // EBMLVersion
      ebml([0x42, 0xf7], Buffer.from([1])), // EBMLReadVersion
      ebml([0x42, 0xf2], Buffer.from([4])), // EBMLMaxIDLength
      ebml([0x42, 0xf3], Buffer.from([8])), // EBMLMaxSizeLength
      ebml([0x42, 0x82], Buffer.from(docType)), // DocType
      ebml([0x42, 0x87], Buffer.from([4])), // DocTypeVersion
      ebml([0x42, 0x85], Buffer.from([2])), // DocTypeReadVersion
    ]),
  );
  // Segment of unknown size (8-byte size, all ones).
  const segment = Buffer.from([
    0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  ]);
  return Buffer.concat([header, segment]);
}

/** A 64-bit Mach-O executable's first bytes (MH_MAGIC_64, little-endian). */
function sampleMachO(): Buffer {
  const bytes = Buffer.alloc(64);
  bytes.writeUInt32LE(0xfeedfacf, 0);
  return bytes;
}

// --- Calls ------------------------------------------------------------------------------------

/** A ticket of `customer`, created through the API (JSON). */
async function customerTicket(): Promise<{ id: string }> {
  const res = await t
    .http()
    .post('/api/tickets')
    .set(authHeader(customer))
    .send({ subject: 'Export and recording', description: 'The export looks wrong, see files.' });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** Uploads `files` to POST /api/tickets/:id/attachments as `token`. */
function upload(token: string, ticketId: string, files: { name: string; bytes: Buffer }[]) {
  let req = t.http().post(`/api/tickets/${ticketId}/attachments`).set(authHeader(token));
  for (const file of files) {
    req = req.attach('files', file.bytes, {
      filename: file.name,
      contentType: 'application/octet-stream',
    });
  }
  return req;
}

/** Uploads one file to a fresh ticket of the customer. */
async function uploadOne(name: string, bytes: Buffer) {
  const ticket = await customerTicket();
  return upload(customer, ticket.id, [{ name, bytes }]);
}

/** Downloads a link of the API as `token` (or without credentials), the body as bytes. */
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

/** The headers every download of attachment bytes carries, whatever the type. */
function expectSandboxedDownload(headers: Record<string, string>, fileName: string) {
  expect(headers['content-disposition']).toBe(`attachment; filename="${fileName}"`);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['content-security-policy']).toBe(
    "default-src 'none'; sandbox; frame-ancestors 'none'",
  );
  expect(headers['cross-origin-resource-policy']).toBe('same-origin');
}

type Uploaded = {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  links: { content: string; thumbnail: string | null };
};

describe('accepted: text, spreadsheets, ZIP and screen recordings', () => {
  it('stores each with the type decided by its content and the name as uploaded', async () => {
    const ticket = await customerTicket();
    const files = [
      {
        name: 'notes.txt',
        bytes: Buffer.from('Printer says E42.\nRebooted twice.\n'),
        mime: 'text/plain',
      },
      {
        name: 'server.log',
        bytes: Buffer.from('2026-12-04T09:00:00Z ERROR \u001b[31mtimeout\u001b[0m café\n'),
        mime: 'text/plain',
      },
      {
        name: 'export.csv',
        bytes: Buffer.concat([
          Buffer.from([0xef, 0xbb, 0xbf]),
          Buffer.from('name,amount\n"Müller, A.",12.50\n'),
        ]),
        mime: 'text/csv',
      },
      { name: 'book.xlsx', bytes: sampleXlsx(), mime: XLSX_MIME },
      { name: 'book.ods', bytes: sampleOds(), mime: ODS_MIME },
      {
        name: 'logs.zip',
        bytes: sampleZip({ 'logs/a.log': 'one\n', 'logs/b.exe': 'never unpacked' }),
        mime: 'application/zip',
      },
      { name: 'recording.mp4', bytes: sampleMp4(), mime: 'video/mp4' },
      { name: 'recording.webm', bytes: sampleWebm(), mime: 'video/webm' },
    ];
    const res = await upload(customer, ticket.id, files);
    expect(res.status, res.text).toBe(201);
    const data = res.body.data as Uploaded[];
    expect(data.map((a) => a.mimeType)).toEqual(files.map((f) => f.mime));
    expect(data.map((a) => a.fileName)).toEqual(files.map((f) => f.name));
    for (const [i, attachment] of data.entries()) {
      expect(attachment.sizeBytes).toBe(files[i]!.bytes.length);
      expect(attachment.links.thumbnail).toBeNull();
    }
  });

  it('takes a CSV whose first bytes look like another format to file-type (BM… is a BMP)', async () => {
    const res = await uploadOne('bmi.csv', Buffer.from('BMI,weight,height\n22.5,70,1.76\n'));
    expect(res.status, res.text).toBe(201);
    expect(res.body.data[0]).toMatchObject({ fileName: 'bmi.csv', mimeType: 'text/csv' });
  });

  it('reads text in chunks: a multi-byte character across a chunk boundary is still UTF-8', async () => {
    // 'a' then 'é' (2 bytes) × 40,000: byte 65,535 starts an 'é' whose second byte is in the next chunk.
    const text = Buffer.from(`a${'é'.repeat(40_000)}\n`);
    const res = await uploadOne('accents.txt', text);
    expect(res.status, res.text).toBe(201);
    expect(res.body.data[0].sizeBytes).toBe(text.length);
  });

  it('keeps the per-file size limit for text (413 file_too_large past ATTACHMENT_MAX_FILE_MB)', async () => {
    const res = await uploadOne('huge.log', Buffer.alloc(MAX_FILE_MB * 1024 * 1024 + 1, 'x'));
    expect(res.status, res.text).toBe(413);
    expect(res.body.code).toBe('file_too_large');
  });
});

describe('downloads: always attachments, with nosniff and the sandbox', () => {
  it('sends text as UTF-8 text/plain or text/csv, and video as its type, never inline', async () => {
    const ticket = await customerTicket();
    const text = Buffer.from('<html><script>alert(1)</script></html>\n');
    const csv = Buffer.from('a,b\n1,2\n');
    const video = sampleWebm();
    const res = await upload(customer, ticket.id, [
      { name: 'page.txt', bytes: text },
      { name: 'numbers.csv', bytes: csv },
      { name: 'screen.webm', bytes: video },
      { name: 'clip.mp4', bytes: sampleMp4() },
    ]);
    expect(res.status, res.text).toBe(201);
    const [txtFile, csvFile, webmFile, mp4File] = res.body.data as Uploaded[];

    const txt = await download(txtFile!.links.content, agent);
    expect(txt.status).toBe(200);
    expect(txt.headers['content-type']).toBe('text/plain; charset=utf-8');
    expectSandboxedDownload(txt.headers, 'page.txt');
    expect(Buffer.compare(txt.body as Buffer, text)).toBe(0);

    const table = await download(csvFile!.links.content, customer);
    expect(table.status).toBe(200);
    expect(table.headers['content-type']).toBe('text/csv; charset=utf-8');
    expectSandboxedDownload(table.headers, 'numbers.csv');

    const webm = await download(webmFile!.links.content, agent);
    expect(webm.status).toBe(200);
    expect(webm.headers['content-type']).toBe('video/webm');
    expectSandboxedDownload(webm.headers, 'screen.webm');
    expect(Buffer.compare(webm.body as Buffer, video)).toBe(0);

    const mp4 = await download(mp4File!.links.content, agent);
    expect(mp4.headers['content-type']).toBe('video/mp4');
    expectSandboxedDownload(mp4.headers, 'clip.mp4');

    // No thumbnail for text or video: the bytes are only ever a download.
    const thumbnail = webmFile!.links.content.replace(/\/content$/, '/thumbnail');
    expect((await t.http().get(thumbnail).set(authHeader(agent))).status).toBe(404);

    // The tracking link's download carries the same headers.
    const link = await t
      .http()
      .get(`/api/tickets/${ticket.id}/tracking-link`)
      .set(authHeader(agent));
    expect(link.status, link.text).toBe(200);
    const token = String(link.body.url).split('/t/')[1]!;
    const view = await t.http().get(`/api/public/tickets/${token}`);
    const publicTxt = (view.body.attachments as Uploaded[]).find((a) => a.fileName === 'page.txt')!;
    const tracked = await download(publicTxt.links.content);
    expect(tracked.status).toBe(200);
    expect(tracked.headers['content-type']).toBe('text/plain; charset=utf-8');
    expectSandboxedDownload(tracked.headers, 'page.txt');
  });
});

describe('refused: what only pretends to be an accepted type', () => {
  it.each([
    ['a Windows executable named .zip', 'setup.zip', sampleExe(), 'MZ'],
    [
      'a self-extracting archive (MZ, then a zip) named .zip',
      'archive.zip',
      Buffer.concat([sampleExe(), sampleZip({ 'a.txt': 'x' })]),
      'MZ',
    ],
    ['an ELF executable named .zip', 'tools.zip', sampleElf(), 'ELF'],
    ['a Mach-O executable named .zip', 'app.zip', sampleMachO(), 'Mach-O'],
    ['an ELF executable named .txt', 'readme.txt', sampleElf(), 'ELF'],
    ['a #! script named .log', 'run.log', Buffer.from('#!/bin/sh\nrm -rf ~\n'), '#!'],
  ])('refuses %s (415, naming the file as uploaded)', async (_what, name, bytes, kind) => {
    const before = await t.prisma.attachment.count();
    const res = await uploadOne(name, bytes);
    expect(res.status, res.text).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('unsupported_file_type');
    expect(res.body.detail).toContain(`"${name}"`);
    expect(res.body.detail).toContain(kind);
    expect(res.body.errors).toEqual([{ path: 'files.0', message: expect.any(String) }]);
    expect(await t.prisma.attachment.count()).toBe(before);
  });

  it('refuses text that is not text: NUL bytes, invalid UTF-8, UTF-16 (415 naming the file as uploaded)', async () => {
    const nul = await uploadOne('a.txt', Buffer.from('abc\u0000\u0000\u0000\u0001\u0002binary'));
    expect(nul.status, nul.text).toBe(415);
    expect(nul.body.code).toBe('unsupported_file_type');
    expect(nul.body.detail).toMatch(
      /^"a\.txt" is of no recognised type by its content \(not text: a NUL byte at byte 3\); accepted: /,
    );
    expect(nul.body.detail).not.toContain('a.txt.bin');
    expect(nul.body.detail).toContain('TXT, LOG, CSV');
    expect(nul.body.errors[0].message).toContain('NUL byte at byte 3');

    // Latin-1 "é" (0xE9) is not UTF-8.
    const latin1 = await uploadOne('export.csv', Buffer.from('name\nRen\u00e9\n', 'latin1'));
    expect(latin1.status, latin1.text).toBe(415);
    expect(latin1.body.detail).toContain('"export.csv"');
    expect(latin1.body.detail).toContain('not UTF-8');

    const utf16 = await uploadOne(
      'notes.txt',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hello', 'utf16le')]),
    );
    expect(utf16.status, utf16.text).toBe(415);
    expect(utf16.body.detail).toContain('UTF-16');

    // A text whose last character is cut in half.
    const cut = await uploadOne('cut.txt', Buffer.from('caf\u00c3', 'latin1'));
    expect(cut.status, cut.text).toBe(415);
    expect(cut.body.detail).toContain('not UTF-8');
  });

  it('names a binary upload as uploaded, with the detected type (no made-up extension)', async () => {
    const bmp = await uploadOne('scan.txt', Buffer.from([0x42, 0x4d, 0, 0, 0, 0, 1, 2, 3]));
    expect(bmp.status, bmp.text).toBe(415);
    expect(bmp.body.detail).toMatch(/^"scan\.txt" is image\/bmp \(bmp\) by its content \(not text/);
    // Text under a name that is not a text type: refused, named as it came.
    const markdown = await uploadOne('notes.md', Buffer.from('# Notes\n'));
    expect(markdown.status).toBe(415);
    expect(markdown.body.detail).toMatch(/^"notes\.md" is of no recognised type by its content;/);
    // A QuickTime movie is not an MP4, and a Matroska file is not a WebM.
    const mov = await uploadOne('screen.mov', sampleMp4('qt'));
    expect(mov.status).toBe(415);
    expect(mov.body.detail).toContain('"screen.mov" is video/quicktime (mov)');
    const mkv = await uploadOne('screen.mkv', sampleWebm('matroska'));
    expect(mkv.status).toBe(415);
    expect(mkv.body.detail).toContain('video/matroska');
  });

  it('refuses an .xlsx or .ods that is a plain ZIP, or lacks its parts (422 invalid_file)', async () => {
    const plain = await uploadOne('book.xlsx', sampleZip({ 'sheet1.csv': 'a,b\n' }));
    expect(plain.status, plain.text).toBe(422);
    expect(plain.body.code).toBe('invalid_file');
    expect(plain.body.detail).toBe(
      '"book.xlsx" is not a valid XLSX: a plain ZIP archive, without the parts of one',
    );

    const noWorkbook = await uploadOne(
      'book.xlsx',
      sampleZip({ '[Content_Types].xml': XLSX_CONTENT_TYPES, 'xl/styles.xml': '<styleSheet/>' }),
    );
    expect(noWorkbook.status, noWorkbook.text).toBe(422);
    expect(noWorkbook.body.detail).toContain('xl/workbook.xml');

    const noContent = await uploadOne('book.ods', sampleOds(['content.xml']));
    expect(noContent.status, noContent.text).toBe(422);
    expect(noContent.body.detail).toContain('content.xml');

    const plainOds = await uploadOne('book.ods', sampleZip({ 'content.xml': '<x/>' }));
    expect(plainOds.status).toBe(422);
    expect(plainOds.body.detail).toContain('plain ZIP');
  });

  it('refuses a ZIP whose directory is unsafe or unreadable (422 invalid_file), never unpacking it', async () => {
    const slip = await uploadOne(
      'evil.zip',
      sampleZip({ '../../etc/cron.d/x': '* * * * * root sh' }),
    );
    expect(slip.status, slip.text).toBe(422);
    expect(slip.body.code).toBe('invalid_file');
    expect(slip.body.detail).toContain('"evil.zip" is not a valid ZIP');

    // Truncated: the local header is there, the end of the central directory is gone.
    const whole = sampleZip({ 'a.txt': 'one' });
    const truncated = await uploadOne('cut.zip', whole.subarray(0, whole.length - 30));
    expect(truncated.status, truncated.text).toBe(422);
    expect(truncated.body.detail).toContain('"cut.zip" is not a valid ZIP');
  });
});

describe('inbound email', () => {
  it('keeps a mailed CSV and skips a NUL-laden .log, through the same intake', async () => {
    const mailbox = await t
      .http()
      .post('/api/mailboxes')
      .set(authHeader(admin))
      .send({ address: `types-${Date.now()}@acme.test`, displayName: 'Acme support' });
    expect(mailbox.status, mailbox.text).toBe(201);
    const raw = await new MailComposer({
      from: 'finance@example.net',
      to: mailbox.body.address,
      subject: 'Monthly export is wrong',
      text: 'See the attached export.',
      messageId: `<types-${Date.now()}@client.example>`,
      date: new Date(),
      attachments: [
        {
          filename: 'export.csv',
          content: Buffer.from('id,total\n1,9.99\n'),
          contentType: 'text/csv',
        },
        {
          filename: 'dump.log',
          content: Buffer.from([0x41, 0, 0, 0, 0x42]),
          contentType: 'text/plain',
        },
      ],
    })
      .compile()
      .build();
    const res = await t
      .http()
      .post('/api/inbound/email')
      .set({
        Authorization: `Basic ${Buffer.from(`${mailbox.body.id}:${mailbox.body.inboundSecret}`).toString('base64')}`,
      })
      .set('Content-Type', 'message/rfc822')
      .send(raw);
    expect(res.status, res.text).toBe(202);
    expect(res.body.outcome).toBe('ticket_created');
    expect(res.body.skippedFiles).toEqual([
      { fileName: 'dump.log', reason: 'unsupported_file_type' },
    ]);
    const ticket = await t.http().get(`/api/tickets/${res.body.ticketId}`).set(authHeader(agent));
    expect(ticket.body.attachments).toEqual([
      expect.objectContaining({ fileName: 'export.csv', mimeType: 'text/csv' }),
    ]);
  });
});
