/**
 * Password reset (docs/product.md "Accounts", docs/api.md "Auth"): "Forgot password?" sends a
 * single-use link valid 30 minutes; the same answer, after about the same time, whether or not
 * the email has an account; the new password follows the policy (lib/password.ts); on success
 * every session of the user ends (auth's endUserSessions: `users.sessionsRevokedAt`, which
 * plugins/auth.ts checks, and the open sessions revoked). Both steps are entries of the
 * organization's activity log (`auth.password_reset_requested`, `…_completed`), naming the user
 * by id only (no email: data-subject erasure scrubs personal data, the id stays meaningless).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../lib/db.js';
import { assertPasswordAllowed, hashPassword } from '../../lib/password.js';
import type { RequestClient } from '../../lib/principal.js';
import { endUserSessions } from '../auth/index.js';
import { queueAccountMail } from '../notifications/index.js';
import { recordOrganizationActivity } from '../organization-activity/index.js';
import {
  hashAccountToken,
  invalidTokenError,
  newAccountToken,
  tokenState,
} from './account-token.js';
import {
  findAccountTokenByHash,
  findOrganizationForMail,
  findResettableUser,
  insertAccountToken,
  markAccountTokenUsed,
  revokeOpenTokens,
  setUserPasswordHash,
} from './account-tokens.repository.js';

/** How long a reset link works (docs/product.md "Accounts"). */
export const PASSWORD_RESET_MINUTES = 30;

/**
 * The least time a reset request takes, known email or not: the work differs (a token, a mail
 * row), so the answer waits until this much time has passed since the request began.
 */
const REQUEST_FLOOR_MS = 400;

/** A uuid no organization has: the unknown-email path revokes "its" tokens (none) like the known one. */
const NO_ORGANIZATION = '00000000-0000-0000-0000-000000000000';

export interface PasswordResetDeps {
  prisma: PrismaClient;
  config: Pick<Config, 'publicUrl' | 'mail'>;
  /** Called after a mail row committed: wakes the mail worker. */
  onQueued?: () => void;
}

/** The password-reset service: `request` (send a link) and `confirm` (set the new password). */
export function createPasswordResetService(deps: PasswordResetDeps) {
  const { prisma, config } = deps;

  /**
   * Sends a reset link to `email` when it is an active user's: a new token (earlier open ones of
   * that email are revoked), and its mail in the user's language through the mail queue, in one
   * transaction. An unknown email does the same reads and an empty write, and both answers wait
   * until REQUEST_FLOOR_MS have passed since `startedAt` (ms since the epoch). A known email's
   * request is recorded as `auth.password_reset_requested` `{userId}` from `client`.
   */
  async function request(
    email: string,
    startedAt = Date.now(),
    client: RequestClient | null = null,
  ): Promise<void> {
    const address = email.trim().toLowerCase();
    const now = new Date();
    const { token, tokenHash } = newAccountToken();
    const user = await findResettableUser(prisma, address);
    let queued = false;
    await prisma.$transaction(async (tx) => {
      await revokeOpenTokens(
        tx,
        {
          organizationId: user?.organizationId ?? NO_ORGANIZATION,
          kind: 'password_reset',
          email: address,
        },
        now,
      );
      if (!user) return;
      const row = await insertAccountToken(tx, {
        organizationId: user.organizationId,
        kind: 'password_reset',
        email: address,
        userId: user.id,
        tokenHash,
        expiresAt: new Date(now.getTime() + PASSWORD_RESET_MINUTES * 60_000),
      });
      const organization = await findOrganizationForMail(tx, user.organizationId);
      await queueAccountMail(tx, config, {
        kind: 'password_reset',
        organizationId: user.organizationId,
        tokenId: row.id,
        recipient: { email: address, name: user.name, userId: user.id, locale: user.locale },
        vars: { organization: organization?.name ?? 'Docket', minutes: PASSWORD_RESET_MINUTES },
        url: `${config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`,
      });
      await recordOrganizationActivity(tx, {
        organizationId: user.organizationId,
        actorId: null,
        client,
        type: 'auth.password_reset_requested',
        data: { userId: user.id },
        at: now,
      });
      queued = true;
    });
    if (queued) deps.onQueued?.();
    const wait = startedAt + REQUEST_FLOOR_MS - Date.now();
    if (wait > 0) await sleep(wait);
  }

  /**
   * Sets the password of the link's user and marks the link used, in one transaction that also
   * ends every session of the user (`password_reset`; access tokens issued before now stop
   * working, plugins/auth.ts) and records `auth.password_reset_completed` `{userId, sessions}`.
   * @throws ValidationError 400 naming `token` (unknown, used, revoked or expired link) or
   *   `password` (the policy's reason).
   */
  async function confirm(
    token: string,
    password: string,
    client: RequestClient | null = null,
  ): Promise<void> {
    const now = new Date();
    const row = await findAccountTokenByHash(prisma, hashAccountToken(token), 'password_reset');
    const state = tokenState(row, now);
    if (state !== 'valid' || !row?.userId) {
      throw invalidTokenError(state === 'valid' ? 'unknown' : state, 'reset');
    }
    await assertPasswordAllowed(password, row.email);
    const passwordHash = await hashPassword(password);
    const userId = row.userId;
    await prisma.$transaction(async (tx) => {
      if (!(await markAccountTokenUsed(tx, row.id, new Date()))) {
        throw invalidTokenError('used', 'reset');
      }
      await setUserPasswordHash(tx, userId, passwordHash);
      await revokeOpenTokens(
        tx,
        { organizationId: row.organizationId, kind: 'password_reset', email: row.email },
        now,
      );
      const actor = { organizationId: row.organizationId, actorId: userId, client };
      const sessions = await endUserSessions(tx, {
        userId,
        reason: 'password_reset',
        actor,
        record: false,
      });
      await recordOrganizationActivity(tx, {
        ...actor,
        type: 'auth.password_reset_completed',
        data: { userId, sessions },
      });
    });
  }

  return { request, confirm };
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
