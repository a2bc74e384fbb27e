/** Agents and admins (and API keys acting as them) work tickets; customers only their own. */
export function isStaff(principal) {
  return principal.role === 'AGENT' || principal.role === 'ADMIN';
}
/** The user id to record as actor or author; null for an API key. */
export function userIdOf(principal) {
  return principal.kind === 'user' ? principal.id : null;
}
//# sourceMappingURL=principal.js.map
