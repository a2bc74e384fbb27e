/**
 * The problems of two-factor sign-in (docs/api.md "Two-factor sign-in"), each with its stable
 * `code`; plugins/problem-details.ts turns them into problem+json like every AppError.
 */
import { AppError } from '../../lib/errors.js';

/**
 * 401 `two_factor_required`: the password was right, and the account signs in with a second
 * factor: send the sign-in again with `code`.
 */
export class TwoFactorRequiredError extends AppError {
  constructor() {
    super(
      401,
      'two_factor_required',
      'Two-factor code required',
      'Send the 6-digit code of your authenticator app, or a recovery code, as `code`',
      [{ path: 'code', message: 'required for this account' }],
      { 'WWW-Authenticate': 'Bearer' },
    );
  }
}

/**
 * `invalid_two_factor_code`: the code is wrong, too old, already used (a replay), or a used
 * recovery code. 401 at sign-in; 400 naming `code` on the signed-in routes (a 401 there would end
 * the session).
 */
export class InvalidTwoFactorCodeError extends AppError {
  constructor(status: 400 | 401) {
    super(
      status,
      'invalid_two_factor_code',
      status === 401 ? 'Unauthorized' : 'Validation failed',
      'The code is wrong, expired or already used',
      [{ path: 'code', message: 'wrong, expired or already used' }],
      status === 401 ? { 'WWW-Authenticate': 'Bearer' } : undefined,
    );
  }
}

/**
 * 403 `two_factor_enrolment_required`: the organization requires two-factor sign-in of the
 * caller's role and they have not set it up; only sign-in, their own identity and the enrolment
 * routes answer until they do.
 */
export class TwoFactorEnrolmentRequiredError extends AppError {
  constructor() {
    super(
      403,
      'two_factor_enrolment_required',
      'Two-factor enrolment required',
      'Your organization requires two-factor sign-in: set it up (POST /api/me/two-factor/setup) first',
    );
  }
}
