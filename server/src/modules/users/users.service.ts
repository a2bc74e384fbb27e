/**
 * The organization's users, managed by its admins (docs/product.md roles table: "manage users" is ADMIN
 * only, never an API key). Every query is scoped by the caller's organization: another
 * organization's user is 404, never 403.
 * - Agents (and API keys) may list staff only (`role` ⊆ AGENT, ADMIN): the dashboard's
 *   assignee picker, and the ids integrators pass as `assigneeId`.
 * - The email is unique across the deployment (sign-in needs only the email): 409 `email_taken`.
 * - An admin cannot deactivate or demote themselves (409 `self_lockout`), so an organization
 *   always keeps the admin who is acting and cannot lock itself out.
 * - Deactivating is the only way to remove a user: their tickets, replies and activity keep
 *   naming them; their access tokens stop working at once (plugins/auth.ts re-reads the user)
 *   and their sessions end (auth's endUserSessions, `auth.sessions_revoked`), as when an admin
 *   sets their password (docs/product.md "Accounts").
 */
import { decodeCursor, keysetPage, isUuid } from '../../lib/cursor.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import type { Prisma, PrismaClient } from '../../lib/db.js';
import { emitEvent } from '../events/index.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { assertPasswordAllowed, hashPassword } from '../../lib/password.js';
import type { Principal } from '../../lib/principal.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import { endUserSessions } from '../auth/index.js';
import {
  STAFF_ROLES,
  type CreateUserInput,
  type ListUsersQuery,
  type OrganizationUser,
  type OrganizationUserList,
  type UpdateUserInput,
} from './users.schemas.js';
import {
  deactivateUser,
  findUserIdByEmail,
  findUserInOrganization,
  findUserOrganizationByEmail,
  insertUser,
  listUsers,
  updateUser,
  type UserChanges,
  type UserListFilter,
  type UserRow,
} from './users.repository.js';

/** The API shape of a user (never the password hash: it is not even selected). */
export function toOrganizationUser(row: UserRow): OrganizationUser {
  return {
    ...row,
    lastLoginAt: row.lastLoginAt ? row.lastLoginAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * A staff member deactivated (as if away) or reactivated: routing sends back their tickets of
 * the groups that say so, or moves their groups' queues (modules/groups routing.ts, whose
 * `routing.requested` event this writes; docs/product.md "Groups and routing").
 */
async function requestMemberRouting(
  tx: Prisma.TransactionClient,
  user: Pick<UserRow, 'id' | 'organizationId' | 'role'>,
  availability: 'available' | 'away',
): Promise<void> {
  if (user.role === 'CUSTOMER') return;
  await emitEvent(tx, {
    type: 'routing.requested',
    organizationId: user.organizationId,
    aggregateId: user.id,
    actor: { kind: 'system', name: 'Routing' },
    data: {
      groupIds: [],
      member: { userId: user.id, availability },
      reason: availability === 'away' ? 'agent deactivated' : 'agent reactivated',
    },
  });
}

const isAdminUser = (p: Principal) => p.kind === 'user' && p.role === 'ADMIN';

/** What the audit trail keeps of a user before/after a change (no password hash). */
function auditedUser(row: UserRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    isActive: row.isActive,
    groupRestricted: row.groupRestricted,
    locale: row.locale,
    timeZone: row.timeZone,
  };
}

/**
 * The entry type of a change from `before` to `after`: a deactivation or reactivation first,
 * then a role change, else a plain update.
 */
function userChangeType(
  before: UserRow,
  after: UserRow,
): 'user.deactivated' | 'user.reactivated' | 'user.role_changed' | 'user.updated' {
  if (before.isActive !== after.isActive) {
    return after.isActive ? 'user.reactivated' : 'user.deactivated';
  }
  return before.role !== after.role ? 'user.role_changed' : 'user.updated';
}

/** 409 `self_lockout` when an admin would remove their own access. */
function refuseSelfLockout(
  principal: Principal,
  targetId: string,
  change: { role?: string; isActive?: boolean },
) {
  if (principal.kind !== 'user' || principal.id !== targetId) return;
  if (change.isActive === false) {
    throw new ConflictError(
      'You cannot deactivate yourself; ask another admin to do it',
      'self_lockout',
    );
  }
  if (change.role !== undefined && change.role !== 'ADMIN') {
    throw new ConflictError(
      'You cannot remove your own admin role; ask another admin to do it',
      'self_lockout',
    );
  }
}

/**
 * The users service: `list`, `get`, `create`, `update`, `deactivate`, each taking the calling
 * principal first. Role checks that depend on the route are the routes' hooks; the rules that
 * depend on the data (staff-only lists, self-lockout, unique email) are here.
 */
export function createUsersService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /** The user `id` of the principal's organization. @throws NotFoundError otherwise. */
  async function findInOrganization(principal: Principal, id: string): Promise<UserRow> {
    if (!isUuid(id)) throw new NotFoundError('User');
    const row = await findUserInOrganization(prisma, principal.organizationId, id.toLowerCase());
    if (!row) throw new NotFoundError('User');
    return row;
  }

  /**
   * Lists the organization's users by name (then id), keyset-paginated: `{data, nextCursor}`.
   * Filters: `role` (any of), `isActive`, `q` (case-insensitive substring of name or email,
   * wildcards taken literally). Admins see everyone; agents and API keys must ask for staff
   * only (`role=AGENT,ADMIN` or one of them).
   * @throws ForbiddenError (path `role`) when a non-admin asks for customers or for every role;
   * ValidationError for a bad cursor.
   */
  async function list(principal: Principal, query: ListUsersQuery): Promise<OrganizationUserList> {
    if (!isAdminUser(principal)) {
      const staffOnly = query.role?.every((r) => (STAFF_ROLES as readonly string[]).includes(r));
      if (!staffOnly) {
        throw new ForbiddenError('Agents may list staff only: add role=AGENT,ADMIN', [
          { path: 'role', message: 'only AGENT and ADMIN may be listed by your role' },
        ]);
      }
    }
    const filter: UserListFilter = { organizationId: principal.organizationId };
    if (query.role) filter.roles = query.role;
    if (query.isActive !== undefined) filter.isActive = query.isActive;
    if (query.q) filter.q = query.q;
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      filter.after = { name: String(cursor.value), id: cursor.id };
    }
    const rows = await listUsers(prisma, filter, query.limit + 1);
    const { rows: page, nextCursor } = keysetPage(rows, query.limit, (row) => row.name);
    return {
      data: page.map(toOrganizationUser),
      nextCursor,
    };
  }

  /** One user of the organization. @throws NotFoundError */
  async function get(principal: Principal, id: string): Promise<OrganizationUser> {
    return toOrganizationUser(await findInOrganization(principal, id));
  }

  /**
   * Creates a user in the admin's organization. The email is stored lower-cased; the password
   * (the policy of lib/password.ts passwordProblem: 400 naming `password`) is hashed with scrypt (lib/password.ts); without one the user cannot sign
   * in until an admin sets it. Locale defaults to "en", time zone to "UTC".
   * Email addresses are unique across organizations (sign-in is by email alone), but an answer
   * never reveals another organization's users:
   * @throws ConflictError `email_taken` when a user of the admin's own organization has the email;
   *   `email_unavailable` (a neutral "cannot be used", not "exists") when another one does.
   */
  async function create(principal: Principal, input: CreateUserInput): Promise<OrganizationUser> {
    const email = input.email.trim().toLowerCase();
    /** The 409 for an email in use, worded by whose it is. */
    const conflictFor = async (): Promise<ConflictError> => {
      const holder = await findUserOrganizationByEmail(prisma, email);
      return holder?.organizationId === principal.organizationId
        ? new ConflictError(
            `A user of your organization already has the email ${email}`,
            'email_taken',
          )
        : new ConflictError(
            'This email address cannot be used for a new user; use another address',
            'email_unavailable',
          );
    };
    if (await findUserIdByEmail(prisma, email)) {
      throw await conflictFor();
    }
    if (input.password) await assertPasswordAllowed(input.password, email);
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    try {
      const row = await prisma.$transaction(async (tx) => {
        const inserted = await insertUser(tx, {
          organizationId: principal.organizationId,
          email,
          name: input.name,
          role: input.role,
          passwordHash,
          ...(input.locale ? { locale: input.locale } : {}),
          ...(input.timeZone ? { timeZone: input.timeZone } : {}),
        });
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'user.created',
          data: { userId: inserted.id, email: inserted.email, role: inserted.role },
          after: auditedUser(inserted),
        });
        return inserted;
      });
      return toOrganizationUser(row);
    } catch (error) {
      // Two admins creating the same email at once: the unique index decides.
      if (isUniqueViolation(error)) throw await conflictFor();
      throw error;
    }
  }

  /**
   * Changes a user's name, role, locale, time zone, active flag or password. A new role or a
   * deactivation takes effect on the user's next request (the auth plugin re-reads the user).
   * @throws NotFoundError, ConflictError `self_lockout` (the admin demoting or deactivating themselves)
   */
  async function update(
    principal: Principal,
    id: string,
    input: UpdateUserInput,
  ): Promise<OrganizationUser> {
    const current = await findInOrganization(principal, id);
    refuseSelfLockout(principal, current.id, input);
    const data: UserChanges = {};
    if (input.name !== undefined) data.name = input.name;
    if (input.role !== undefined) data.role = input.role;
    if (input.locale !== undefined) data.locale = input.locale;
    if (input.timeZone !== undefined) data.timeZone = input.timeZone;
    if (input.isActive !== undefined) data.isActive = input.isActive;
    if (input.groupRestricted !== undefined) data.groupRestricted = input.groupRestricted;
    if (input.password !== undefined) {
      await assertPasswordAllowed(input.password, current.email);
      data.passwordHash = await hashPassword(input.password);
    }
    const row = await prisma.$transaction(async (tx) => {
      const updated = await updateUser(tx, current.id, data);
      if (input.isActive !== undefined && input.isActive !== current.isActive) {
        await requestMemberRouting(tx, updated, input.isActive ? 'available' : 'away');
      }
      // A deactivation or a new password ends the user's sessions (docs/product.md "Accounts").
      if (input.isActive === false && current.isActive) {
        await endUserSessions(tx, {
          userId: current.id,
          reason: 'deactivated',
          actor: activityActorOf(principal),
        });
      } else if (input.password !== undefined) {
        await endUserSessions(tx, {
          userId: current.id,
          reason: 'password_changed',
          actor: activityActorOf(principal),
        });
      }
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: userChangeType(current, updated),
        data: {
          userId: updated.id,
          email: updated.email,
          fields: Object.keys(input).filter(
            (key) => input[key as keyof UpdateUserInput] !== undefined,
          ),
        },
        before: auditedUser(current),
        after: auditedUser(updated),
      });
      return updated;
    });
    return toOrganizationUser(row);
  }

  /**
   * Deactivates a user (`DELETE /api/users/:id`): they can no longer sign in and their tokens stop
   * working; nothing they wrote is removed. Deactivating an inactive user changes nothing.
   * @throws NotFoundError, ConflictError `self_lockout`
   */
  async function deactivate(principal: Principal, id: string): Promise<void> {
    const current = await findInOrganization(principal, id);
    refuseSelfLockout(principal, current.id, { isActive: false });
    if (current.isActive) {
      await prisma.$transaction(async (tx) => {
        await deactivateUser(tx, current.id);
        await requestMemberRouting(tx, current, 'away');
        await endUserSessions(tx, {
          userId: current.id,
          reason: 'deactivated',
          actor: activityActorOf(principal),
        });
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'user.deactivated',
          data: { userId: current.id, email: current.email },
          before: auditedUser(current),
          after: { ...auditedUser(current), isActive: false },
        });
      });
    }
  }

  return { list, get, create, update, deactivate };
}

export type UsersService = ReturnType<typeof createUsersService>;
