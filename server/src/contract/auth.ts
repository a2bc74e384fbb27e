/** Sign-in and the signed-in user (docs/api.md "Auth"). */
export type { LoginBody, LoginResponse, User } from '../modules/auth/auth.schemas.js';
