/**
 * What two-factor sign-in reads and writes (docs/decisions/0005-repositories.md): a user's TOTP
 * columns (`totpSecret`, `totpPendingSecret`, `totpEnabledAt`, `totpLastStep`), their recovery
 * codes (totp_recovery_codes, SHA-256 only) and the organization's settings JSON. The writes that
 * settle a race are single conditional UPDATEs, so concurrent requests get one winner.
 */
import type { Db } from '../../lib/db.js';

const stateSelect = {
  id: true,
  organizationId: true,
  role: true,
  email: true,
  isActive: true,
  passwordHash: true,
  totpSecret: true,
  totpPendingSecret: true,
  totpEnabledAt: true,
  totpLastStep: true,
  organization: { select: { settings: true } },
} as const;

/** The two-factor state of the user `id` of `organizationId` (null when there is none). */
export function findTwoFactorState(db: Db, organizationId: string, id: string) {
  return db.user.findFirst({ where: { id, organizationId }, select: stateSelect });
}

export type TwoFactorState = NonNullable<Awaited<ReturnType<typeof findTwoFactorState>>>;

/** Stores `sealed` as the user's secret being enrolled (replacing any earlier one). */
export async function setPendingSecret(db: Db, id: string, sealed: string): Promise<void> {
  await db.user.update({ where: { id }, data: { totpPendingSecret: sealed } });
}

/**
 * Turns two-factor sign-in on for the user `id`, unless it is on already: the pending secret
 * becomes the secret, `totpEnabledAt` now, `totpLastStep` the step of the code that confirmed it
 * (so that code cannot sign in). @returns whether this call turned it on (false: already on, or
 * the pending secret changed meanwhile).
 */
export async function enableTwoFactor(
  db: Db,
  row: { id: string; pendingSecret: string; step: number; at: Date },
): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: row.id, totpEnabledAt: null, totpPendingSecret: row.pendingSecret },
    data: {
      totpSecret: row.pendingSecret,
      totpPendingSecret: null,
      totpEnabledAt: row.at,
      totpLastStep: row.step,
    },
  });
  return count === 1;
}

/**
 * Records that a code of time step `step` was used by the user `id`, only if no code of this or a
 * later step was (`totpLastStep IS NULL OR totpLastStep < step`, one UPDATE: of two requests with
 * the same code, the second waits for the first's row lock, then no longer matches).
 * @returns whether this call claimed the step (false: a replay).
 */
export async function claimTotpStep(db: Db, id: string, step: number): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: {
      id,
      totpEnabledAt: { not: null },
      OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }],
    },
    data: { totpLastStep: step },
  });
  return count === 1;
}

/** Replaces every recovery code of the user with the ones of `codeHashes` (SHA-256 hex). */
export async function replaceRecoveryCodes(
  db: Db,
  row: { organizationId: string; userId: string; codeHashes: string[] },
): Promise<void> {
  await db.totpRecoveryCode.deleteMany({ where: { userId: row.userId } });
  await db.totpRecoveryCode.createMany({
    data: row.codeHashes.map((codeHash) => ({
      organizationId: row.organizationId,
      userId: row.userId,
      codeHash,
    })),
  });
}

/**
 * Marks the unused recovery code `codeHash` of the user `userId` used (one conditional UPDATE:
 * of two requests with the same code, one wins). @returns whether a code was used by this call.
 */
export async function useRecoveryCode(
  db: Db,
  userId: string,
  codeHash: string,
  at: Date,
): Promise<boolean> {
  const { count } = await db.totpRecoveryCode.updateMany({
    where: { userId, codeHash, usedAt: null },
    data: { usedAt: at },
  });
  return count > 0;
}

/** How many unused recovery codes the user `userId` has. */
export function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  return db.totpRecoveryCode.count({ where: { userId, usedAt: null } });
}

/** Turns two-factor sign-in off for the user `id`: every TOTP column null, recovery codes gone. */
export async function clearTwoFactor(db: Db, id: string): Promise<void> {
  await db.user.update({
    where: { id },
    data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null },
  });
  await db.totpRecoveryCode.deleteMany({ where: { userId: id } });
}
