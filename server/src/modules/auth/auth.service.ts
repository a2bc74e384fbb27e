/**
 * Sign-in (docs/api.md "Auth"): email and password against the scrypt hash; the same 401 and about
 * the same time for an unknown email, a wrong password or a deactivated account.
 */
import type { PrismaClient } from '../../lib/db.js';
import { UnauthorizedError } from '../../lib/errors.js';
import { verifyPassword } from '../../lib/password.js';
import type { User } from './auth.schemas.js';

const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  organizationId: true,
  locale: true,
  timeZone: true,
} as const;

export function createAuthService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /** Checks credentials and records the sign-in time. @throws UnauthorizedError */
  async function verifyCredentials(email: string, password: string): Promise<User> {
    const found = await prisma.user.findUnique({
      where: { email: email.trim().toLowerCase() },
      select: { ...userSelect, passwordHash: true, isActive: true },
    });
    const ok = await verifyPassword(password, found?.passwordHash ?? null);
    if (!found || !ok || !found.isActive) throw new UnauthorizedError('Wrong email or password');
    await prisma.user.update({ where: { id: found.id }, data: { lastLoginAt: new Date() } });
    const { passwordHash: _hash, isActive: _active, ...user } = found;
    return user;
  }

  /** The current user's profile. @throws UnauthorizedError if it no longer exists. */
  async function me(userId: string): Promise<User> {
    const user = await prisma.user.findUnique({ where: { id: userId }, select: userSelect });
    if (!user) throw new UnauthorizedError();
    return user;
  }

  return { verifyCredentials, me };
}

export type AuthService = ReturnType<typeof createAuthService>;
