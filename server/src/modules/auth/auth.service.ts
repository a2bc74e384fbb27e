/**
 * Sign-in (docs/api.md "Auth"): email and password against the scrypt hash; the same 401 and about
 * the same time for an unknown email, a wrong password or a deactivated account.
 */
import type { PrismaClient } from '../../lib/db.js';
import { UnauthorizedError } from '../../lib/errors.js';
import { verifyPassword } from '../../lib/password.js';
import { findUserCredentialsByEmail, findUserProfile, recordSignIn } from '../users/index.js';
import type { User } from './auth.schemas.js';

/**
 * The sign-in service: `verifyCredentials` (email and password → the user) and `me` (the
 * signed-in user's profile).
 */
export function createAuthService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /** Checks credentials and records the sign-in time. @throws UnauthorizedError */
  async function verifyCredentials(email: string, password: string): Promise<User> {
    const found = await findUserCredentialsByEmail(prisma, email.trim().toLowerCase());
    const ok = await verifyPassword(password, found?.passwordHash ?? null);
    if (!found || !ok || !found.isActive) throw new UnauthorizedError('Wrong email or password');
    await recordSignIn(prisma, found.id, new Date());
    const { passwordHash: _hash, isActive: _active, ...user } = found;
    return user;
  }

  /** The current user's profile. @throws UnauthorizedError if it no longer exists. */
  async function me(userId: string): Promise<User> {
    const user = await findUserProfile(prisma, userId);
    if (!user) throw new UnauthorizedError();
    return user;
  }

  return { verifyCredentials, me };
}

export type AuthService = ReturnType<typeof createAuthService>;
