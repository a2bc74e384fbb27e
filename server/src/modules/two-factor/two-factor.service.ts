/**
 * Two-factor sign-in with TOTP (RFC 6238; docs/product.md "Accounts", docs/api.md "Two-factor
 * sign-in"). Every query is scoped to the caller's organization and to the caller themself, or
 * (the admin reset) to a user of the admin's organization.
 * - Enrolment: `setup` stores a fresh secret as pending (re-callable, 409 once enabled) and
 *   answers it with its otpauth URI and QR code; `confirm` checks a code of the pending secret,
 *   turns two-factor on and answers ten recovery codes, once.
 * - Codes: 6 digits, one time step either side of now; a code whose step is not after the last
 *   accepted one (`totpLastStep`) is refused as a replay, and the step is claimed by one
 *   conditional UPDATE, so two concurrent uses of one code give one success. A recovery code
 *   works once (its `usedAt` set by one conditional UPDATE).
 * - Turning it off needs the password, and is refused (403) while the organization requires it
 *   of the user's role (settings.requireTwoFactor, two-factor-policy.ts); an admin may reset
 *   another user of their organization, who then enrols again.
 * - Audit trail (organization activity, user ids only): auth.two_factor_enrolled,
 *   auth.two_factor_disabled, auth.two_factor_reset, auth.recovery_codes_regenerated,
 *   auth.recovery_code_used, and auth.sign_in_failed with reason `invalid_two_factor_code`.
 * Secrets are sealed at rest (lib/secret-box.ts, the user's id as context).
 */
import {
  findOrganizationSettings,
  mergeOrganizationSettings,
} from '../../db/organization-settings.repository.js';
import QRCode from 'qrcode';
import type { PrismaClient } from '../../lib/db.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { verifyPassword } from '../../lib/password.js';
import type { Principal, RequestClient } from '../../lib/principal.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';
import { InvalidTwoFactorCodeError, TwoFactorRequiredError } from './two-factor.errors.js';
import {
  requireTwoFactorOf,
  twoFactorEnrolmentRequired,
  twoFactorRequiredFor,
} from './two-factor-policy.js';
import {
  claimTotpStep,
  clearTwoFactor,
  countUnusedRecoveryCodes,
  enableTwoFactor,
  findTwoFactorState,
  replaceRecoveryCodes,
  setPendingSecret,
  useRecoveryCode,
  type TwoFactorState,
} from './two-factor.repository.js';
import type {
  RecoveryCodes,
  SecuritySettings,
  TwoFactorStatus,
  UpdateSecuritySettingsBody,
} from './two-factor.schemas.js';
import { TOTP_CODE_PATTERN, matchTotpStep, newTotpSecret, otpauthUriOf } from './totp.js';

/** The issuer shown in authenticator apps beside the account's email. */
const ISSUER = 'Docket';

/** The context a user's sealed secret is bound to (a sealed secret copied to another row fails). */
const sealContext = (userId: string) => `totp:${userId}`;

/** A code as typed, spaces removed: `123 456` → `123456`. */
const compact = (code: string) => code.replace(/\s/g, '');

export function createTwoFactorService(deps: { prisma: PrismaClient; secretBox: SecretBox }) {
  const { prisma, secretBox } = deps;

  /** The caller's state, or 404 when they are gone. */
  async function stateOf(principal: Principal): Promise<TwoFactorState> {
    const state = await findTwoFactorState(prisma, principal.organizationId, principal.id);
    if (!state) throw new NotFoundError('User');
    return state;
  }

  /**
   * The step at which `code` is a code of the user's enabled secret, or null. A secret sealed
   * under a WEBHOOK_SECRET_KEY since changed cannot be opened: no code matches it (recovery
   * codes still work, and an admin's reset lets the person enrol again; docs/security.md).
   */
  function stepOf(state: TwoFactorState, code: string): number | null {
    if (!state.totpSecret) return null;
    let secret: string;
    try {
      secret = secretBox.open(state.totpSecret, sealContext(state.id));
    } catch {
      return null;
    }
    return matchTotpStep(secret, compact(code));
  }

  /**
   * GET /api/me/two-factor: `{enabled, enabledAt, recoveryCodesLeft, required}` of the caller.
   * @throws NotFoundError when the user is gone
   */
  async function status(principal: Principal): Promise<TwoFactorStatus> {
    const state = await stateOf(principal);
    const enabled = state.totpEnabledAt !== null;
    return {
      enabled,
      enabledAt: state.totpEnabledAt?.toISOString() ?? null,
      recoveryCodesLeft: enabled ? await countUnusedRecoveryCodes(prisma, state.id) : 0,
      required: twoFactorRequiredFor(state.role, requireTwoFactorOf(state.organization.settings)),
    };
  }

  /**
   * POST /api/me/two-factor/setup: a fresh secret, stored as the pending one (a later call
   * replaces it), with its otpauth URI (label: the user's email) and that URI as an SVG QR code.
   * @throws ConflictError `two_factor_enabled` (409) when it is on already
   */
  async function setup(
    principal: Principal,
  ): Promise<{ secret: string; otpauthUri: string; qrCodeSvg: string }> {
    const state = await stateOf(principal);
    if (state.totpEnabledAt) {
      throw new ConflictError(
        'Two-factor sign-in is already on; turn it off first to enrol another app',
        'two_factor_enabled',
      );
    }
    const secret = newTotpSecret();
    const otpauthUri = otpauthUriOf(secret, { issuer: ISSUER, label: state.email });
    const qrCodeSvg = await QRCode.toString(otpauthUri, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
    await setPendingSecret(prisma, state.id, secretBox.seal(secret, sealContext(state.id)));
    return { secret, otpauthUri, qrCodeSvg };
  }

  /** Fresh recovery codes for the user, stored hashed (replacing the old ones) with `tx`. */
  async function issueRecoveryCodes(
    tx: Parameters<Parameters<PrismaClient['$transaction']>[0]>[0],
    state: TwoFactorState,
  ): Promise<string[]> {
    const codes = newRecoveryCodes();
    await replaceRecoveryCodes(tx, {
      organizationId: state.organizationId,
      userId: state.id,
      codeHashes: codes.map(recoveryCodeHash),
    });
    return codes;
  }

  /**
   * POST /api/me/two-factor/confirm `{code}`: a code of the pending secret turns two-factor
   * sign-in on (its step counts as used) and gives ten recovery codes, answered only now; one
   * transaction with the `auth.two_factor_enrolled` entry.
   * @throws ConflictError `two_factor_enabled` (409, already on) or `two_factor_not_set_up` (409,
   * no setup started); InvalidTwoFactorCodeError (400) for a wrong code
   */
  async function confirm(principal: Principal, code: string): Promise<RecoveryCodes> {
    const state = await stateOf(principal);
    if (state.totpEnabledAt) {
      throw new ConflictError('Two-factor sign-in is already on', 'two_factor_enabled');
    }
    if (!state.totpPendingSecret) {
      throw new ConflictError('Start with POST /api/me/two-factor/setup', 'two_factor_not_set_up');
    }
    const step = matchTotpStep(
      secretBox.open(state.totpPendingSecret, sealContext(state.id)),
      compact(code),
    );
    if (step === null) throw new InvalidTwoFactorCodeError(400);
    return prisma.$transaction(async (tx) => {
      const enabled = await enableTwoFactor(tx, {
        id: state.id,
        pendingSecret: state.totpPendingSecret!,
        step,
        at: new Date(),
      });
      if (!enabled) {
        throw new ConflictError(
          'The setup changed meanwhile (another tab?): start again',
          'two_factor_not_set_up',
        );
      }
      const recoveryCodes = await issueRecoveryCodes(tx, state);
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'auth.two_factor_enrolled',
        data: { userId: state.id },
      });
      return { recoveryCodes };
    });
  }

  /**
   * POST /api/me/two-factor/recovery-codes `{code}`: with a current app code (the replay rule
   * applies), new recovery codes replace all the old ones; answered only now. One transaction
   * with the `auth.recovery_codes_regenerated` entry.
   * @throws ConflictError `two_factor_not_enabled` (409); InvalidTwoFactorCodeError (400)
   */
  async function regenerateRecoveryCodes(
    principal: Principal,
    code: string,
  ): Promise<RecoveryCodes> {
    const state = await stateOf(principal);
    if (!state.totpEnabledAt) {
      throw new ConflictError('Two-factor sign-in is off', 'two_factor_not_enabled');
    }
    const step = stepOf(state, code);
    if (step === null) throw new InvalidTwoFactorCodeError(400);
    return prisma.$transaction(async (tx) => {
      if (!(await claimTotpStep(tx, state.id, step))) throw new InvalidTwoFactorCodeError(400);
      const recoveryCodes = await issueRecoveryCodes(tx, state);
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'auth.recovery_codes_regenerated',
        data: { userId: state.id },
      });
      return { recoveryCodes };
    });
  }

  /**
   * DELETE /api/me/two-factor `{password}`: turns two-factor sign-in off (secret and recovery
   * codes gone), with the `auth.two_factor_disabled` entry, in one transaction.
   * @throws ValidationError (400 naming `password`) for a wrong password; ForbiddenError (403)
   * while the organization requires it of the caller's role; ConflictError
   * `two_factor_not_enabled` (409)
   */
  async function disable(principal: Principal, password: string): Promise<void> {
    const state = await stateOf(principal);
    if (!(await verifyPassword(password, state.passwordHash))) {
      throw new ValidationError('The password is wrong', [
        { path: 'password', message: 'wrong password' },
      ]);
    }
    if (twoFactorRequiredFor(state.role, requireTwoFactorOf(state.organization.settings))) {
      throw new ForbiddenError(
        'Your organization requires two-factor sign-in for your role; it cannot be turned off',
      );
    }
    if (!state.totpEnabledAt) {
      throw new ConflictError('Two-factor sign-in is off', 'two_factor_not_enabled');
    }
    await prisma.$transaction(async (tx) => {
      await clearTwoFactor(tx, state.id);
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'auth.two_factor_disabled',
        data: { userId: state.id },
      });
    });
  }

  /**
   * POST /api/users/:id/two-factor/reset (admins): clears the user's two-factor sign-in (secret,
   * pending secret, recovery codes), so they sign in with their password alone and enrol again
   * (at once when their organization requires it). `auth.two_factor_reset` entry with the target
   * user id, in one transaction.
   * @throws NotFoundError when the user is not of the admin's organization
   */
  async function reset(principal: Principal, userId: string): Promise<void> {
    const target = await findTwoFactorState(prisma, principal.organizationId, userId);
    if (!target) throw new NotFoundError('User');
    await prisma.$transaction(async (tx) => {
      await clearTwoFactor(tx, target.id);
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'auth.two_factor_reset',
        data: { userId: target.id, wasEnabled: target.totpEnabledAt !== null },
      });
    });
  }

  /**
   * The second step of signing in, once the password is proven (auth.service.ts
   * verifyCredentials): nothing to check when the user has no two-factor sign-in (then says
   * whether they must enrol); else `code` must be a current app code not used before (the step
   * claimed atomically) or an unused recovery code (used up atomically, `auth.recovery_code_used`).
   * A wrong or replayed code records `auth.sign_in_failed` (reason `invalid_two_factor_code`).
   * @throws TwoFactorRequiredError (401 `two_factor_required`) without `code`;
   * InvalidTwoFactorCodeError (401) for a wrong, replayed or used code
   */
  async function verifySignIn(
    user: { id: string; organizationId: string },
    code: string | undefined,
    client: RequestClient,
  ): Promise<{ twoFactorEnrolmentRequired: boolean }> {
    const state = await findTwoFactorState(prisma, user.organizationId, user.id);
    if (!state) throw new InvalidTwoFactorCodeError(401);
    if (!state.totpEnabledAt) {
      return {
        twoFactorEnrolmentRequired: twoFactorEnrolmentRequired({
          role: state.role,
          totpEnabledAt: null,
          organizationSettings: state.organization.settings,
        }),
      };
    }
    if (code === undefined || code.trim() === '') throw new TwoFactorRequiredError();
    const typed = compact(code);
    const accepted = await prisma.$transaction(async (tx) => {
      if (TOTP_CODE_PATTERN.test(typed)) {
        const step = stepOf(state, typed);
        return step !== null && (await claimTotpStep(tx, state.id, step));
      }
      if (!(await useRecoveryCode(tx, state.id, recoveryCodeHash(typed), new Date()))) {
        return false;
      }
      await recordOrganizationActivity(tx, {
        organizationId: state.organizationId,
        actorId: state.id,
        client,
        type: 'auth.recovery_code_used',
        data: { userId: state.id },
      });
      return true;
    });
    if (!accepted) {
      await prisma.$transaction((tx) =>
        recordOrganizationActivity(tx, {
          organizationId: state.organizationId,
          actorId: null,
          client,
          type: 'auth.sign_in_failed',
          data: { userId: state.id, reason: 'invalid_two_factor_code' },
        }),
      );
      throw new InvalidTwoFactorCodeError(401);
    }
    return { twoFactorEnrolmentRequired: false };
  }

  /**
   * Whether the user `userId` of `organizationId` must enrol before anything else, read now (the
   * enrolment plugin asks when the cached principal says so, so enrolling takes effect at once).
   */
  async function enrolmentRequired(organizationId: string, userId: string): Promise<boolean> {
    const state = await findTwoFactorState(prisma, organizationId, userId);
    return (
      state !== null &&
      twoFactorEnrolmentRequired({
        role: state.role,
        totpEnabledAt: state.totpEnabledAt,
        organizationSettings: state.organization.settings,
      })
    );
  }

  /** GET /api/organization/security: `{requireTwoFactor}` of the caller's organization. */
  async function securitySettings(principal: Principal): Promise<SecuritySettings> {
    return {
      requireTwoFactor: requireTwoFactorOf(
        await findOrganizationSettings(prisma, principal.organizationId),
      ),
    };
  }

  /**
   * PATCH /api/organization/security `{requireTwoFactor}`: merged into the organization's
   * settings JSON (other keys kept) with a `security_settings.updated` entry `{before, after}`, in
   * one transaction. Staff without two-factor sign-in are asked to enrol from their next request.
   * @throws NotFoundError when the organization is gone
   */
  async function updateSecuritySettings(
    principal: Principal,
    input: UpdateSecuritySettingsBody,
  ): Promise<SecuritySettings> {
    return prisma.$transaction(async (tx) => {
      const before = requireTwoFactorOf(
        await findOrganizationSettings(tx, principal.organizationId),
      );
      const merged = await mergeOrganizationSettings(tx, principal.organizationId, {
        requireTwoFactor: input.requireTwoFactor,
      });
      if (merged === null) throw new NotFoundError('Organization');
      const after = requireTwoFactorOf(merged);
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'security_settings.updated',
        data: { before: { requireTwoFactor: before }, after: { requireTwoFactor: after } },
      });
      return { requireTwoFactor: after };
    });
  }

  return {
    status,
    setup,
    confirm,
    regenerateRecoveryCodes,
    disable,
    reset,
    verifySignIn,
    enrolmentRequired,
    securitySettings,
    updateSecuritySettings,
  };
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
