/**
 * Sign-in (docs/api.md "Auth"): email and password against the scrypt hash; the same 401 and about
 * the same time for an unknown email, a wrong password or a deactivated account.
 * Each sign-in of an existing account, successful or not, is an entry of its organization's
 * activity log with the client's address and User-Agent (docs/product.md "Audit trail"); an
 * unknown email belongs to no organization, so its failures are recorded nowhere but the
 * request log and the rate limiter.
 */
import type { PrismaClient } from '../../lib/db.js';
import { UnauthorizedError } from '../../lib/errors.js';
import { verifyPassword } from '../../lib/password.js';
import type { RequestClient } from '../../lib/principal.js';
import { recordOrganizationActivity } from '../organization-activity/index.js';
import type { TwoFactorService } from '../two-factor/index.js';
import { findUserCredentialsByEmail, findUserProfile, recordSignIn } from '../users/index.js';
import type { User } from './auth.schemas.js';

/**
 * The sign-in service: `verifyCredentials` (email and password → the user) and `me` (the
 * signed-in user's profile).
 */
export function createAuthService(deps: {
  prisma: PrismaClient;
  /** The second step of sign-in (modules/two-factor). */
  twoFactor: Pick<TwoFactorService, 'verifySignIn' | 'enrolmentRequired'>;
}) {
  const { prisma, twoFactor } = deps;

  /**
   * Checks credentials and records the sign-in time and an `auth.sign_in_succeeded` entry (one
   * transaction); a failure on an existing account records `auth.sign_in_failed` with the email
   * tried (at most 254 characters) and the reason (`wrong_password`, `no_password`,
   * `deactivated`) in the account's organization, with no actor. Only once the password is
   * proven, an account with two-factor sign-in needs `code` (an app code or a recovery code,
   * two-factor.service.ts verifySignIn: 401 `two_factor_required` / `invalid_two_factor_code`),
   * so a wrong password answers the same whether two-factor sign-in is on or not; the user's
   * `twoFactorEnrolmentRequired` says whether they must enrol first.
   * @throws UnauthorizedError, TwoFactorRequiredError, InvalidTwoFactorCodeError
   */
  async function verifyCredentials(
    email: string,
    password: string,
    client: RequestClient,
    code?: string,
  ): Promise<User> {
    const tried = email.trim().toLowerCase();
    const found = await findUserCredentialsByEmail(prisma, tried);
    const ok = await verifyPassword(password, found?.passwordHash ?? null);
    if (!found) throw new UnauthorizedError('Wrong email or password');
    if (!ok || !found.isActive) {
      const reason = !found.passwordHash ? 'no_password' : !ok ? 'wrong_password' : 'deactivated';
      await prisma.$transaction((tx) =>
        recordOrganizationActivity(tx, {
          organizationId: found.organizationId,
          actorId: null,
          client,
          type: 'auth.sign_in_failed',
          data: { email: tried.slice(0, 254), userId: found.id, reason },
        }),
      );
      throw new UnauthorizedError('Wrong email or password');
    }
    const { twoFactorEnrolmentRequired } = await twoFactor.verifySignIn(found, code, client);
    await prisma.$transaction(async (tx) => {
      await recordSignIn(tx, found.id, new Date());
      await recordOrganizationActivity(tx, {
        organizationId: found.organizationId,
        actorId: found.id,
        client,
        type: 'auth.sign_in_succeeded',
        data: { userId: found.id, email: found.email },
      });
    });
    const { passwordHash: _hash, isActive: _active, ...user } = found;
    return { ...user, twoFactorEnrolmentRequired };
  }

  /** The current user's profile. @throws UnauthorizedError if it no longer exists. */
  async function me(userId: string): Promise<User> {
    const user = await findUserProfile(prisma, userId);
    if (!user) throw new UnauthorizedError();
    return {
      ...user,
      twoFactorEnrolmentRequired: await twoFactor.enrolmentRequired(user.organizationId, user.id),
    };
  }

  return { verifyCredentials, me };
}

export type AuthService = ReturnType<typeof createAuthService>;
