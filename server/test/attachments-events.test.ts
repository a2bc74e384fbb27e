/**
 * Attachments in events and webhooks, and customers' files on their own tickets,
 * through the real app on its own database with a real webhook receiver:
 * - `attachment.added` for files on public replies, on the ticket, and on internal notes
 *   (`isInternal: true`), the internal ones delivered only to endpoints with `includeInternal`;
 * - `ticket.created` and `ticket.response_added` list their files as metadata and links (never
 *   bytes), and come before the files' `attachment.added`;
 * - a signed-in customer creates a ticket and replies with files (multipart, as the portal sends
 *   them), and can never attach to another requester's ticket (404, nothing stored).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventSchemas } from '../src/modules/events/events.schemas.js';
import {
  createEndpoint,
  createWebhookTestApp,
  startReceiver,
  type ReceivedRequest,
  type Receiver,
  type WebhookTestApp,
} from './helpers/webhooks.js';
import { sampleImage, samplePdf } from './helpers/sample-files.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: WebhookTestApp;
let dataDir: string;
let publicOnly: Receiver;
let withInternal: Receiver;
const tokens: Record<'agent' | 'customer' | 'customer2' | 'admin', string> = {
  agent: '',
  customer: '',
  customer2: '',
  admin: '',
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'docket-attachment-events-'));
  t = await createWebhookTestApp({
    env: { DATA_DIR: dataDir, ATTACHMENT_CLEANUP_INTERVAL_MINUTES: '0' },
    seed: false,
  });
  [publicOnly, withInternal] = await Promise.all([startReceiver(), startReceiver()]);
  const { users } = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    customer: { role: 'CUSTOMER' },
    customer2: { role: 'CUSTOMER' },
    admin: { role: 'ADMIN' },
  });
  Object.assign(tokens, await signInAll(t, users));
  const types = ['ticket.created', 'ticket.response_added', 'attachment.added'];
  publicOnly.secrets = [
    (await createEndpoint(t, tokens.admin, { url: publicOnly.url, eventTypes: types })).secret,
  ];
  withInternal.secrets = [
    (
      await createEndpoint(t, tokens.admin, {
        url: withInternal.url,
        eventTypes: types,
        includeInternal: true,
      })
    ).secret,
  ];
});

afterAll(async () => {
  await Promise.all([publicOnly?.close(), withInternal?.close()]);
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The events of `ticketId` a receiver got, in arrival order, each checked against its schema. */
function eventsOf(receiver: Receiver, ticketId: string): ReceivedRequest['event'][] {
  return receiver
    .accepted()
    .map((r) => r.event)
    .filter((e) => e.data?.ticket?.id === ticketId)
    .map((e) => {
      const schema = EventSchemas[e.type as keyof typeof EventSchemas];
      expect(schema.safeParse(e).success, `${e.type} matches its schema`).toBe(true);
      return e;
    });
}

describe('attachment.added and internal notes', () => {
  it('announces files on internal notes marked isInternal, to includeInternal endpoints only', async () => {
    const created = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(tokens.customer))
      .send({ subject: 'Refund for a double charge', description: 'I was charged twice in May.' });
    expect(created.status).toBe(201);
    const ticketId: string = created.body.id;
    const reply = await t
      .http()
      .post(`/api/tickets/${ticketId}/responses`)
      .set(authHeader(tokens.agent))
      .field('content', 'Here is the corrected invoice.')
      .attach('files', samplePdf(), { filename: 'invoice.pdf', contentType: 'application/pdf' });
    expect(reply.status, reply.text).toBe(201);
    const note = await t
      .http()
      .post(`/api/tickets/${ticketId}/responses`)
      .set(authHeader(tokens.agent))
      .field('content', 'Internal: the card issuer confirmed the duplicate.')
      .field('isInternal', 'true')
      .attach('files', await sampleImage('png'), { filename: 'issuer-email.png' });
    expect(note.status, note.text).toBe(201);
    await t.app.events.drain();

    const internalEvents = eventsOf(withInternal, ticketId);
    const publicEvents = eventsOf(publicOnly, ticketId);
    expect(internalEvents.map((e) => e.type)).toEqual([
      'ticket.created',
      'ticket.response_added',
      'attachment.added',
      'ticket.response_added',
      'attachment.added',
    ]);
    const [, , publicFile, noteAdded, noteFile] = internalEvents;
    expect(publicFile!.data).toMatchObject({
      isInternal: false,
      attachment: { fileName: 'invoice.pdf', responseId: reply.body.id },
    });
    expect(noteAdded!.data.isInternal).toBe(true);
    expect(noteFile!.data).toMatchObject({
      isInternal: true,
      attachment: {
        id: note.body.attachments[0].id,
        responseId: note.body.id,
        fileName: 'issuer-email.png',
        mimeType: 'image/png',
      },
    });
    // The endpoint that did not opt in hears of the public reply and its file, nothing internal.
    expect(publicEvents.map((e) => e.type)).toEqual([
      'ticket.created',
      'ticket.response_added',
      'attachment.added',
    ]);
    expect(publicEvents.every((e) => e.data.isInternal !== true)).toBe(true);
    expect(JSON.stringify(publicEvents)).not.toContain('issuer-email');
    expect(JSON.stringify(publicEvents)).not.toContain('card issuer');
  });
});

describe('files in ticket and response payloads', () => {
  it('lists files as metadata and links in ticket.created and ticket.response_added, before attachment.added', async () => {
    const png = await sampleImage('png');
    const created = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(tokens.agent))
      .field('subject', 'Printer shows error E42')
      .field('description', 'The front panel photo is attached.')
      .attach('files', png, { filename: 'panel.png', contentType: 'image/png' });
    expect(created.status, created.text).toBe(201);
    const ticketId: string = created.body.id;
    const reply = await t
      .http()
      .post(`/api/tickets/${ticketId}/responses`)
      .set(authHeader(tokens.agent))
      .field('content', 'The manual page for E42.')
      .attach('files', samplePdf(), { filename: 'manual.pdf', contentType: 'application/pdf' });
    expect(reply.status, reply.text).toBe(201);
    await t.app.events.drain();

    const events = eventsOf(publicOnly, ticketId);
    expect(events.map((e) => e.type)).toEqual([
      'ticket.created',
      'attachment.added',
      'ticket.response_added',
      'attachment.added',
    ]);
    const [ticketCreated, , responseAdded] = events;
    const ticketFile = ticketCreated!.data.ticket.attachments[0];
    expect(ticketCreated!.data.ticket.attachments).toHaveLength(1);
    expect(ticketFile).toEqual(created.body.attachments[0]);
    expect(ticketFile).toMatchObject({
      fileName: 'panel.png',
      mimeType: 'image/png',
      isInternal: false,
      links: {
        content: `/api/attachments/${ticketFile.id}/content`,
        thumbnail: `/api/attachments/${ticketFile.id}/thumbnail`,
      },
    });
    const responseFiles = responseAdded!.data.response.attachments;
    expect(responseFiles).toEqual(reply.body.attachments);
    expect(responseFiles[0]).toMatchObject({
      fileName: 'manual.pdf',
      responseId: reply.body.id,
      links: { content: `/api/attachments/${responseFiles[0].id}/content`, thumbnail: null },
    });
    // Metadata only: no bytes (the PDF's header, base64 or raw) in any payload.
    const bodies = publicOnly.accepted().map((r) => r.body);
    for (const body of bodies) {
      expect(body).not.toContain('%PDF');
      expect(body).not.toContain(samplePdf().toString('base64').slice(0, 24));
      expect(body).not.toContain(png.toString('base64').slice(0, 24));
    }
    // The activity keeps its order: the file after the ticket's creation, after the reply.
    const activity = await t
      .http()
      .get(`/api/tickets/${ticketId}/activity`)
      .set(authHeader(tokens.agent));
    expect(activity.body.data.map((a: { type: string }) => a.type)).toEqual([
      'CREATED',
      'ATTACHMENT_ADDED',
      'RESPONSE_ADDED',
      'ATTACHMENT_ADDED',
    ]);
  });
});

describe("customers' files (the portal's requests)", () => {
  it('creates a ticket and replies with files as the requester, and never on another requester’s ticket', async () => {
    const created = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(tokens.customer))
      .field('subject', 'Screen flickers after the update')
      .field('description', 'A photo of the screen is attached.')
      .field('externalRefs', JSON.stringify({ customerReference: 'ORD-7781' }))
      .attach('files', await sampleImage('jpeg'), { filename: 'screen.jpg' });
    expect(created.status, created.text).toBe(201);
    expect(created.body.externalRefs).toEqual({ customerReference: 'ORD-7781' });
    expect(created.body.attachments).toHaveLength(1);
    expect(created.body.attachments[0]).toMatchObject({
      fileName: 'screen.jpg',
      mimeType: 'image/jpeg',
    });
    // A customer may not set staff fields in multipart either.
    const priority = await t
      .http()
      .post('/api/tickets')
      .set(authHeader(tokens.customer))
      .field('subject', 'Screen flickers again')
      .field('description', 'Trying to set a priority.')
      .field('priority', 'URGENT')
      .attach('files', samplePdf(), { filename: 'x.pdf' });
    expect(priority.status).toBe(403);

    const ticketId: string = created.body.id;
    const reply = await t
      .http()
      .post(`/api/tickets/${ticketId}/responses`)
      .set(authHeader(tokens.customer))
      .field('content', 'And the receipt.')
      .attach('files', samplePdf(), { filename: 'receipt.pdf' });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.attachments[0]).toMatchObject({ fileName: 'receipt.pdf' });
    const thumbnail = await t
      .http()
      .get(created.body.attachments[0].links.thumbnail)
      .set(authHeader(tokens.customer));
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');

    // Another requester: 404 on every way in, and nothing is stored.
    const before = await t.prisma.attachment.count();
    const foreignReply = await t
      .http()
      .post(`/api/tickets/${ticketId}/responses`)
      .set(authHeader(tokens.customer2))
      .field('content', 'Not my ticket.')
      .attach('files', samplePdf(), { filename: 'intruder.pdf' });
    expect(foreignReply.status).toBe(404);
    const foreignUpload = await t
      .http()
      .post(`/api/tickets/${ticketId}/attachments`)
      .set(authHeader(tokens.customer2))
      .attach('files', samplePdf(), { filename: 'intruder.pdf' });
    expect(foreignUpload.status).toBe(404);
    const foreignFollowUp = await t
      .http()
      .get(created.body.attachments[0].links.content)
      .set(authHeader(tokens.customer2));
    expect(foreignFollowUp.status).toBe(404);
    expect(await t.prisma.attachment.count()).toBe(before);
  });
});
