/**
 * Mailboxes (docs/product.md "Inbound email"): an organization's support addresses. Admins
 * create, change and delete them; the inbound pipeline finds a mail's mailbox by its recipients
 * (plus-addressing: `support+anything@acme.test` reaches `support@acme.test`) or by the HTTP Basic
 * credentials of the inbound endpoint (the mailbox id and its inbound secret).
 * Creating, changing (a new inbound secret included) and deleting a mailbox are recorded in the
 * organization activity log with before/after, never a secret (docs/product.md "Audit trail").
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { isUniqueViolation } from '../../lib/db-errors.js';
import type { PrismaClient } from '../../lib/db.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import {
  deleteMailbox,
  findMailbox,
  findMailboxById,
  findMailboxes,
  insertMailbox,
  updateMailbox,
  type MailboxRow,
} from './mailboxes.repository.js';
import type {
  CreateMailboxInput,
  Mailbox,
  MailboxList,
  MailboxWithSecret,
  UpdateMailboxInput,
} from './mailboxes.schemas.js';

/** The address a recipient reaches: lower-cased, without a `+tag` in the local part. */
export function mailboxAddressOf(recipient: string): string {
  const lower = recipient.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 1) return lower;
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}${lower.slice(at)}`;
}

/** The `+tag` of a recipient's local part (lower-cased), or null. */
export function plusTagOf(recipient: string): string | null {
  const lower = recipient.trim().toLowerCase();
  const local = lower.slice(0, Math.max(0, lower.lastIndexOf('@')));
  const plus = local.indexOf('+');
  return plus > 0 ? local.slice(plus + 1) : null;
}

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** A new inbound secret: `dkin_` and 32 random bytes, base64url. */
function newInboundSecret(): string {
  return `dkin_${randomBytes(32).toString('base64url')}`;
}

/** The API shape of a mailbox row. */
export function presentMailbox(row: MailboxRow): Mailbox {
  return {
    id: row.id,
    address: row.address,
    displayName: row.displayName,
    isActive: row.isActive,
    imap:
      row.imapHost && row.imapUser
        ? {
            host: row.imapHost,
            port: row.imapPort ?? 993,
            tls: row.imapTls,
            user: row.imapUser,
            folder: row.imapFolder,
            hasPassword: row.imapPasswordSealed !== null,
          }
        : null,
    state: {
      lastPollAt: row.lastPollAt?.toISOString() ?? null,
      lastError: row.lastError,
      mailsProcessed: row.mailsProcessed,
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** 409 `mailbox_exists`: the address belongs to a mailbox already (of any organization). */
class MailboxExistsError extends ConflictError {
  constructor(address: string) {
    super(`The address ${address} is a mailbox already`, 'mailbox_exists');
  }
}

/** `prisma`: the app's client; `secretBox` seals IMAP passwords (the mailbox id as context). */
export function createMailboxesService(deps: { prisma: PrismaClient; secretBox: SecretBox }) {
  const { prisma, secretBox } = deps;

  /** The columns of an IMAP account (`undefined`: unchanged; `null`: removed). */
  function imapColumns(id: string, imap: UpdateMailboxInput['imap'], keepPassword: boolean) {
    if (imap === undefined) return {};
    if (imap === null) {
      return {
        imapHost: null,
        imapPort: null,
        imapUser: null,
        imapPasswordSealed: null,
        imapUidValidity: null,
        imapLastUid: null,
      };
    }
    return {
      imapHost: imap.host,
      imapPort: imap.port,
      imapTls: imap.tls,
      imapUser: imap.user,
      imapFolder: imap.folder,
      ...(imap.password !== undefined
        ? { imapPasswordSealed: secretBox.seal(imap.password, id) }
        : keepPassword
          ? {}
          : { imapPasswordSealed: null }),
    };
  }

  return {
    /** GET /api/mailboxes: the organization's mailboxes, by address. */
    async list(principal: Principal): Promise<MailboxList> {
      return { data: (await findMailboxes(prisma, principal.organizationId)).map(presentMailbox) };
    },

    /** GET /api/mailboxes/:id. @throws NotFoundError */
    async get(principal: Principal, id: string): Promise<Mailbox> {
      const row = await findMailbox(prisma, principal.organizationId, id);
      if (!row) throw new NotFoundError('Mailbox');
      return presentMailbox(row);
    },

    /**
     * POST /api/mailboxes: a mailbox with a fresh inbound secret, returned this once.
     * @throws ConflictError `mailbox_exists` (the address is taken, in any organization)
     */
    async create(principal: Principal, input: CreateMailboxInput): Promise<MailboxWithSecret> {
      const id = randomUUID();
      const inboundSecret = newInboundSecret();
      try {
        const row = await prisma.$transaction(async (tx) => {
          const inserted = await insertMailbox(tx, {
            id,
            organizationId: principal.organizationId,
            address: input.address,
            displayName: input.displayName,
            inboundSecretHash: digest(inboundSecret),
            ...imapColumns(id, input.imap, false),
          });
          await recordOrganizationActivity(tx, {
            ...activityActorOf(principal),
            type: 'mailbox.created',
            data: { mailboxId: inserted.id, address: inserted.address },
            after: presentMailbox(inserted),
          });
          return inserted;
        });
        return { ...presentMailbox(row), inboundSecret };
      } catch (error) {
        if (isUniqueViolation(error)) throw new MailboxExistsError(input.address);
        throw error;
      }
    },

    /** PATCH /api/mailboxes/:id. @throws NotFoundError */
    async update(principal: Principal, id: string, input: UpdateMailboxInput): Promise<Mailbox> {
      const row = await prisma.$transaction(async (tx) => {
        const current = await findMailbox(tx, principal.organizationId, id);
        if (!current) return null;
        const updated = await updateMailbox(tx, principal.organizationId, id, {
          ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
          ...(input.isActive !== undefined ? { isActive: input.isActive } : {}),
          ...imapColumns(id, input.imap, true),
          ...(input.imap ? { lastError: null } : {}),
        });
        if (!updated) return null;
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'mailbox.updated',
          data: { mailboxId: updated.id, address: updated.address, fields: Object.keys(input) },
          before: presentMailbox(current),
          after: presentMailbox(updated),
        });
        return updated;
      });
      if (!row) throw new NotFoundError('Mailbox');
      return presentMailbox(row);
    },

    /** POST /api/mailboxes/:id/secret: a new inbound secret (the old one stops working). */
    async rotateSecret(principal: Principal, id: string): Promise<MailboxWithSecret> {
      const inboundSecret = newInboundSecret();
      const row = await prisma.$transaction(async (tx) => {
        const updated = await updateMailbox(tx, principal.organizationId, id, {
          inboundSecretHash: digest(inboundSecret),
        });
        if (updated) {
          await recordOrganizationActivity(tx, {
            ...activityActorOf(principal),
            type: 'mailbox.updated',
            data: { mailboxId: updated.id, address: updated.address, fields: ['inboundSecret'] },
          });
        }
        return updated;
      });
      if (!row) throw new NotFoundError('Mailbox');
      return { ...presentMailbox(row), inboundSecret };
    },

    /** DELETE /api/mailboxes/:id (its inbound log stays). @throws NotFoundError */
    async remove(principal: Principal, id: string): Promise<void> {
      const deleted = await prisma.$transaction(async (tx) => {
        const current = await findMailbox(tx, principal.organizationId, id);
        if (!current || !(await deleteMailbox(tx, principal.organizationId, id))) return false;
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'mailbox.deleted',
          data: { mailboxId: current.id, address: current.address },
          before: presentMailbox(current),
        });
        return true;
      });
      if (!deleted) throw new NotFoundError('Mailbox');
    },

    /**
     * The active mailbox whose id is `id` and inbound secret `secret` (compared as SHA-256
     * digests in constant time), or null.
     */
    async verifyInboundSecret(id: string, secret: string): Promise<MailboxRow | null> {
      const row = await findMailboxById(prisma, id);
      const expected = Buffer.from(row?.inboundSecretHash ?? '0'.repeat(64), 'hex');
      const given = Buffer.from(digest(secret), 'hex');
      const same = expected.length === given.length && timingSafeEqual(expected, given);
      return row && row.isActive && same ? row : null;
    },

    /** The IMAP password of a mailbox row, opened; null when it has none. */
    imapPasswordOf(row: MailboxRow): string | null {
      return row.imapPasswordSealed ? secretBox.open(row.imapPasswordSealed, row.id) : null;
    },
  };
}

export type MailboxesService = ReturnType<typeof createMailboxesService>;
