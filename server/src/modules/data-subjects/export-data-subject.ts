/**
 * Export of a person's data (docs/product.md "Data-subject requests"; GDPR art. 15 and 20): a ZIP
 * of `data.json` and the public files of their tickets, streamed as it is written (yazl).
 *
 * Nothing is shaped here: every part is what the customer-facing paths already give the
 * person, so nothing internal can slip in —
 * - `person`: their profile as GET /api/me shows it (me module), null for a guest;
 * - `tickets`: each ticket they requested or are CC'd on (live ones), as the tracker shows it
 *   (public module `loadPublicTicket`: public replies, public activity, customer-visible custom
 *   fields, `{assigned}`-free), with their rating (satisfaction module) and, for their own
 *   tickets, the session occurrences as a requester sees them (times only);
 * - `chats`: their chats with the messages, as the chat shows them (chats presenter);
 * - `attachments/<TKT-00042>/<name>`: the bytes of the public files listed in those tickets,
 *   read through the tracker's download check (attachments service `openPublic`).
 */
import { PassThrough, type Readable } from 'node:stream';
import yazl from 'yazl';
import type { PrismaClient } from '../../lib/db.js';
import { formatTicketReference } from '../../lib/domain.js';
import { NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import type { AttachmentsService } from '../attachments/index.js';
import type { PublicAttachment } from '../attachments/attachments.schemas.js';
import { toChatMessage } from '../chats/index.js';
import { createMeService } from '../me/index.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import { loadPublicTicket } from '../public/index.js';
import { latestSatisfaction } from '../satisfaction/index.js';
import { listOccurrences } from '../tickets/index.js';
import {
  findChatsWithMessages,
  findPersonFootprint,
  findPersonUser,
  findTicketNumbersOf,
  personExists,
} from './data-subjects.repository.js';

/** The token put in the tracker's attachment links; the export replaces the links by paths. */
const EXPORT_TOKEN = 'export';
const ATTACHMENT_LINK = /\/attachments\/([0-9a-f-]{36})\/content$/;

/** What an export holds, by kind (the audit entry's counts). */
export interface ExportCounts {
  tickets: number;
  replies: number;
  chats: number;
  chatMessages: number;
  ratings: number;
  attachments: number;
}

/** An export ready to stream: its file name, the ZIP stream and its counts. */
export interface DataSubjectExport {
  fileName: string;
  stream: Readable;
  counts: ExportCounts;
}

/** `name` safe as one path segment of the ZIP, unique among `taken`. */
function entryName(name: string, taken: Set<string>): string {
  // Attachment names were sanitized at intake; a separator or a leading dot is still refused here.
  const base = name.replace(/[\\/]/g, '_').replace(/^\.+/, '_') || 'file';
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${n}-${base}`;
  taken.add(candidate);
  return candidate;
}

/**
 * Builds the export of the person of the principal's organization whose email is `email`, and
 * records `data_subject.exported` (their user id and the counts, never the email).
 * @throws NotFoundError (no such person)
 */
export async function exportDataSubject(
  deps: { prisma: PrismaClient; attachments: Pick<AttachmentsService, 'openPublic'> },
  principal: Principal,
  email: string,
  now: Date = new Date(),
): Promise<DataSubjectExport> {
  const { prisma } = deps;
  const address = email.trim().toLowerCase();
  const organizationId = principal.organizationId;
  const user = await findPersonUser(prisma, organizationId, address);
  if (!user && !(await personExists(prisma, organizationId, address))) {
    throw new NotFoundError('Person');
  }
  // The person as a customer: whatever their role, they get what a requester is shown.
  const subject: Principal | null = user
    ? {
        kind: 'user',
        id: user.id,
        organizationId,
        role: 'CUSTOMER',
        name: user.name,
        email: user.email,
      }
    : null;
  const person = subject ? await createMeService({ prisma }).get(subject) : null;
  const footprint = await findPersonFootprint(prisma, organizationId, address, user?.id ?? null);
  const numbers = new Map(
    (await findTicketNumbersOf(prisma, [...footprint.requested, ...footprint.cc])).map((t) => [
      t.id,
      t.number,
    ]),
  );

  const files: { ticketId: string; attachmentId: string; path: string }[] = [];
  const tickets = [];
  let replies = 0;
  let ratings = 0;
  for (const [relation, ids] of [
    ['requester', footprint.requested],
    ['cc', footprint.cc],
  ] as const) {
    for (const ticketId of ids) {
      const view = await loadPublicTicket(prisma, ticketId, EXPORT_TOKEN);
      if (!view) continue;
      const reference = formatTicketReference(numbers.get(ticketId) ?? 0);
      const taken = new Set<string>();
      const local = (a: PublicAttachment) => {
        const id = ATTACHMENT_LINK.exec(a.links.content)?.[1];
        if (!id) return { fileName: a.fileName, mimeType: a.mimeType, sizeBytes: a.sizeBytes };
        const path = `attachments/${reference}/${entryName(a.fileName, taken)}`;
        files.push({ ticketId, attachmentId: id, path });
        return { fileName: a.fileName, mimeType: a.mimeType, sizeBytes: a.sizeBytes, file: path };
      };
      const satisfaction =
        relation === 'requester' ? await latestSatisfaction(prisma, ticketId) : null;
      if (satisfaction) ratings++;
      const occurrences =
        relation === 'requester' && subject && view.session
          ? await listOccurrences(prisma, subject, ticketId).then(
              (list) => list.data,
              (err: unknown) => {
                if (err instanceof NotFoundError) return [];
                throw err;
              },
            )
          : [];
      replies += view.timeline.filter((item) => item.type === 'reply').length;
      tickets.push({
        relation,
        ...view,
        attachments: view.attachments.map(local),
        timeline: view.timeline.map((item) =>
          item.type === 'reply' ? { ...item, attachments: item.attachments.map(local) } : item,
        ),
        satisfaction,
        sessionOccurrences: occurrences,
      });
    }
  }

  const chatRows = await findChatsWithMessages(prisma, organizationId, footprint.chats);
  const chats = chatRows.map((chat) => ({
    status: chat.status,
    createdAt: chat.createdAt.toISOString(),
    updatedAt: chat.updatedAt.toISOString(),
    messages: chat.messages.map((m) => {
      const message = toChatMessage(m, chat);
      return {
        senderType: message.senderType,
        senderName: message.senderName,
        content: message.content,
        createdAt: message.createdAt,
      };
    }),
  }));
  const counts: ExportCounts = {
    tickets: tickets.length,
    replies,
    chats: chats.length,
    chatMessages: chats.reduce((n, c) => n + c.messages.length, 0),
    ratings,
    attachments: files.length,
  };
  const data = {
    exportedAt: now.toISOString(),
    email: person?.email ?? address,
    person,
    tickets,
    chats,
  };

  await prisma.$transaction((tx) =>
    recordOrganizationActivity(tx, {
      ...activityActorOf(principal),
      type: 'data_subject.exported',
      data: { userId: user?.id ?? null, counts: { ...counts } },
      at: now,
    }),
  );

  const zip = new yazl.ZipFile();
  for (const file of files) {
    zip.addReadStreamLazy(file.path, (callback) => {
      deps.attachments.openPublic(file.ticketId, file.attachmentId, 'content').then(
        (opened) => callback(null, opened.body),
        // A file gone from the store meanwhile: an empty entry rather than a broken archive.
        () => {
          const empty = new PassThrough();
          empty.end();
          callback(null, empty);
        },
      );
    });
  }
  zip.addBuffer(Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8'), 'data.json');
  zip.end();
  const stamp = now.toISOString().slice(0, 10);
  return {
    fileName: `personal-data-${user?.id.slice(0, 8) ?? 'guest'}-${stamp}.zip`,
    stream: zip.outputStream as Readable,
    counts,
  };
}
