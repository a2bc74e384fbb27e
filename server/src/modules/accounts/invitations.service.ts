/**
 * Invitations (docs/product.md "Accounts", docs/api.md "Invitations"): an admin invites someone by
 * email with a role (and groups); the mail's single-use link is valid 7 days; the person chooses
 * their name and password (the policy of lib/password.ts) and the user is created, active, in the
 * same transaction that marks the link used. Admins list pending invitations, resend them (a new
 * link: the old one stops working) and revoke them. An email that already belongs to a user is
 * 409, at invitation and at acceptance. Each step is an entry of the organization's activity log
 * (`invitation.sent`, `.resent`, `.revoked`, `.accepted`) naming the invitation and, once
 * accepted, the new user by id (no email: data-subject erasure scrubs personal data).
 */
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../lib/db.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { assertPasswordAllowed, hashPassword } from '../../lib/password.js';
import { isUuid } from '../../lib/cursor.js';
import type { Principal, RequestClient } from '../../lib/principal.js';
import { queueAccountMail } from '../notifications/index.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import {
  findUserIdByEmail,
  findUserOrganizationByEmail,
  insertUser,
  toOrganizationUser,
} from '../users/index.js';
import {
  hashAccountToken,
  invalidTokenError,
  newAccountToken,
  tokenState,
} from './account-token.js';
import {
  countGroupsInOrganization,
  findAccountTokenByHash,
  findOrganizationForMail,
  findPendingInvitation,
  insertAccountToken,
  insertGroupMemberships,
  listPendingInvitations,
  markAccountTokenUsed,
  revokeInvitation,
  revokeOpenTokens,
} from './account-tokens.repository.js';
import type { CreateInvitationInput, Invitation } from './accounts.schemas.js';

/** How long an invitation link works (docs/product.md "Accounts"). */
export const INVITATION_DAYS = 7;

/** Pending invitations listed at most (GET /api/invitations). */
const LIST_LIMIT = 200;

type Db = Parameters<typeof insertAccountToken>[0];
type InvitationRow = Awaited<ReturnType<typeof insertAccountToken>>;

/** The API shape of an invitation row at `now`. */
function toInvitation(row: InvitationRow, now: Date): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role ?? 'CUSTOMER',
    groupIds: row.groupIds,
    expiresAt: row.expiresAt.toISOString(),
    expired: row.expiresAt.getTime() <= now.getTime(),
    createdAt: row.createdAt.toISOString(),
    invitedBy: row.createdBy,
  };
}

/** The organization's default language (`settings.locale`), for mails to people without an account. */
function organizationLocale(settings: unknown): string {
  const locale = (settings as { locale?: unknown } | null)?.locale;
  return typeof locale === 'string' ? locale : 'en';
}

export interface InvitationsDeps {
  prisma: PrismaClient;
  config: Pick<Config, 'publicUrl' | 'mail'>;
  /** Called after a mail row committed: wakes the mail worker. */
  onQueued?: () => void;
}

/** The invitations service: create, list, resend, revoke (admins); preview and accept (public). */
export function createInvitationsService(deps: InvitationsDeps) {
  const { prisma, config } = deps;

  /** 409 when `email` is a user's: `email_taken` in the admin's organization, else `email_unavailable`. */
  async function refuseExistingUser(email: string, organizationId: string | null): Promise<void> {
    const holder = await findUserOrganizationByEmail(prisma, email);
    if (!holder) return;
    throw holder.organizationId === organizationId
      ? new ConflictError(
          `A user of your organization already has the email ${email}`,
          'email_taken',
        )
      : new ConflictError(
          'This email address cannot be used for a new user; use another address',
          'email_unavailable',
        );
  }

  /** Writes a new invitation token and its mail with `tx`; returns the row. */
  async function issue(
    tx: Db,
    principal: Principal,
    invite: { email: string; role: Invitation['role']; groupIds: string[] },
  ): Promise<InvitationRow> {
    const now = new Date();
    await revokeOpenTokens(
      tx,
      { organizationId: principal.organizationId, kind: 'invitation', email: invite.email },
      now,
    );
    const { token, tokenHash } = newAccountToken();
    const row = await insertAccountToken(tx, {
      organizationId: principal.organizationId,
      kind: 'invitation',
      email: invite.email,
      role: invite.role,
      groupIds: invite.groupIds,
      tokenHash,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      createdById: principal.kind === 'user' ? principal.id : null,
    });
    const organization = await findOrganizationForMail(tx, principal.organizationId);
    await queueAccountMail(tx, config, {
      kind: 'invitation',
      organizationId: principal.organizationId,
      tokenId: row.id,
      recipient: {
        email: invite.email,
        name: null,
        userId: null,
        locale: organizationLocale(organization?.settings),
      },
      vars: {
        organization: organization?.name ?? 'Docket',
        inviter: principal.name,
        days: INVITATION_DAYS,
      },
      url: `${config.publicUrl}/accept-invitation?token=${encodeURIComponent(token)}`,
    });
    return row;
  }

  /**
   * Invites `email` with `role` (and `groupIds`, groups of the organization) and queues the mail.
   * Inviting an email with a pending invitation replaces it (the old link stops working).
   * @throws ConflictError `email_taken` / `email_unavailable`; ValidationError naming `groupIds`.
   */
  async function create(principal: Principal, input: CreateInvitationInput): Promise<Invitation> {
    const email = input.email.trim().toLowerCase();
    await refuseExistingUser(email, principal.organizationId);
    const groupIds = [...new Set(input.groupIds ?? [])];
    if (
      groupIds.length > 0 &&
      (await countGroupsInOrganization(prisma, principal.organizationId, groupIds)) !==
        groupIds.length
    ) {
      throw new ValidationError('No such group in this organization', [
        { path: 'groupIds', message: 'No such group in this organization' },
      ]);
    }
    const row = await prisma.$transaction(async (tx) => {
      const issued = await issue(tx, principal, { email, role: input.role, groupIds });
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'invitation.sent',
        data: { invitationId: issued.id, role: issued.role, groupIds: issued.groupIds },
      });
      return issued;
    });
    deps.onQueued?.();
    return toInvitation(row, new Date());
  }

  /** The organization's pending invitations (expired ones flagged), newest first, at most 200. */
  async function list(principal: Principal): Promise<{ data: Invitation[] }> {
    const now = new Date();
    const rows = await listPendingInvitations(prisma, principal.organizationId, LIST_LIMIT);
    return { data: rows.map((row) => toInvitation(row, now)) };
  }

  /**
   * Sends a pending invitation again with a new link valid 7 days; the old link stops working
   * (the answer is the new invitation, with a new id).
   * @throws NotFoundError; ConflictError when the email became a user's meanwhile.
   */
  async function resend(principal: Principal, id: string): Promise<Invitation> {
    const current = isUuid(id)
      ? await findPendingInvitation(prisma, principal.organizationId, id)
      : null;
    if (!current) throw new NotFoundError('Invitation');
    await refuseExistingUser(current.email, principal.organizationId);
    const row = await prisma.$transaction(async (tx) => {
      const issued = await issue(tx, principal, {
        email: current.email,
        role: current.role ?? 'CUSTOMER',
        groupIds: current.groupIds,
      });
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'invitation.resent',
        data: { invitationId: issued.id, previousInvitationId: current.id },
      });
      return issued;
    });
    deps.onQueued?.();
    return toInvitation(row, new Date());
  }

  /** Revokes a pending invitation: its link stops working. @throws NotFoundError */
  async function revoke(principal: Principal, id: string): Promise<void> {
    if (!isUuid(id)) throw new NotFoundError('Invitation');
    await prisma.$transaction(async (tx) => {
      if (!(await revokeInvitation(tx, principal.organizationId, id, new Date()))) {
        throw new NotFoundError('Invitation');
      }
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'invitation.revoked',
        data: { invitationId: id },
      });
    });
  }

  /** The invitation a link holds, if it still works. @throws ValidationError naming `token` */
  async function findUsable(token: string) {
    const row = await findAccountTokenByHash(prisma, hashAccountToken(token), 'invitation');
    const state = tokenState(row, new Date());
    if (state !== 'valid' || !row) {
      throw invalidTokenError(state === 'valid' ? 'unknown' : state, 'invitation');
    }
    return row;
  }

  /**
   * What the acceptance page shows: `{email, organizationName, role}`.
   * @throws ValidationError naming `token`
   */
  async function preview(token: string) {
    const row = await findUsable(token);
    return {
      email: row.email,
      organizationName: row.organization.name,
      role: row.role ?? 'CUSTOMER',
    };
  }

  /**
   * Accepts an invitation: creates the user (active, the invitation's role and groups, the
   * organization's language), marks the link used and records `invitation.accepted`
   * `{invitationId, userId}` from `client`, in one transaction; returns the user.
   * @throws ValidationError naming `token` or `password`; ConflictError when the email is a user's.
   */
  async function accept(
    input: { token: string; name: string; password: string },
    client: RequestClient | null = null,
  ) {
    const row = await findUsable(input.token);
    await refuseExistingUser(row.email, row.organizationId);
    await assertPasswordAllowed(input.password, row.email);
    const passwordHash = await hashPassword(input.password);
    try {
      return await prisma.$transaction(async (tx) => {
        if (!(await markAccountTokenUsed(tx, row.id, new Date()))) {
          throw invalidTokenError('used', 'invitation');
        }
        if (await findUserIdByEmail(tx, row.email)) {
          throw new ConflictError(
            'This email address already has an account: sign in instead',
            'email_taken',
          );
        }
        const user = await insertUser(tx, {
          organizationId: row.organizationId,
          email: row.email,
          name: input.name,
          role: row.role ?? 'CUSTOMER',
          passwordHash,
          locale: organizationLocale(row.organization.settings) === 'fr-CA' ? 'fr-CA' : 'en',
        });
        await insertGroupMemberships(tx, user.id, row.groupIds);
        await recordOrganizationActivity(tx, {
          organizationId: row.organizationId,
          actorId: user.id,
          client,
          type: 'invitation.accepted',
          data: { invitationId: row.id, userId: user.id, role: user.role },
        });
        return toOrganizationUser(user);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          'This email address already has an account: sign in instead',
          'email_taken',
        );
      }
      throw error;
    }
  }

  return { create, list, resend, revoke, preview, accept };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
