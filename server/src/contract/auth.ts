/** Sign-in and the signed-in user (docs/api.md "Auth"). */
export type { LoginBody, LoginResponse, User } from '../modules/auth/auth.schemas.js';
/** One's signed-in sessions (docs/api.md "Auth"). */
export type { Session, SessionList } from '../modules/auth/sessions.schemas.js';
