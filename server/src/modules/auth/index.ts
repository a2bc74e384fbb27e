/**
 * The public surface of the auth module for other modules: sessions (sessions.service.ts) —
 * opening one at sign-in and ending a user's sessions in the transaction of a change that calls
 * for it. The routes are registered by app.ts. The rest of the folder is the module's own.
 */
export { signInAnswer } from './sessions.cookie.js';
export { endUserSessions, type SessionsService } from './sessions.service.js';
