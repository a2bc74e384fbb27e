/**
 * Macros and canned replies (docs/product.md "Macros"):
 * - A macro is personal (its owner alone sees, applies, changes it) or shared (every agent and
 *   admin of the organization applies it; only admins create, change or delete shared ones:
 *   403). Another's personal macro, or another organization's, is 404.
 * - Its reply's placeholders are checked when it is saved (macro-template.ts): an unknown one is
 *   a 400 naming `actions.<n>.content`.
 * - Preview: what applying it to a ticket would change, and the reply as it would be written;
 *   nothing is written.
 * - Apply: ONE transaction under the ticket's row lock, `If-Match` honoured: the reply or note
 *   first (so a macro that closes the ticket can still answer), then the field changes with
 *   PATCH's rules (transitions, CLOSED, category and assignee checks), their activity rows giving
 *   the macro's name as the reason.
 */
import { isUuid } from '../../lib/cursor.js';
import type { Db, PrismaClient } from '../../lib/db.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { addStaffResponse } from '../responses/index.js';
import {
  changeTicket,
  checkIfMatch,
  findVisibleTicket,
  lockVisibleTicket,
  presentTicket,
  reloadTicket,
  type TicketRow,
} from '../tickets/index.js';
import type { AnyTicket } from '../tickets/tickets.schemas.js';
import { changesOf, planActions, type ActionPlan } from './macro-plan.js';
import { templateProblems } from './macro-template.js';
import {
  deleteMacroRow,
  findMacro,
  insertMacro,
  listUsableMacros,
  updateMacroRow,
  type MacroRow,
} from './macros.repository.js';
import type {
  CreateMacroInput,
  Macro,
  MacroAction,
  MacroPreview,
  UpdateMacroInput,
} from './macros.schemas.js';

/** The API shape of a macro. */
function toMacro(row: MacroRow): Macro {
  return {
    id: row.id,
    name: row.name,
    shared: row.shared,
    owner: row.owner,
    actions: row.actions as unknown as MacroAction[],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** 400 naming each reply whose placeholders are not all known. */
function checkTemplates(actions: readonly MacroAction[]): void {
  const errors = actions.flatMap((action, index) =>
    action.type === 'reply'
      ? templateProblems(action.content).map((message) => ({
          path: `actions.${index}.content`,
          message,
        }))
      : [],
  );
  if (errors.length)
    throw new ValidationError('The macro’s reply has unknown placeholders', errors);
}

/** What `macro` asks of `ticket` when `principal` applies it. */
function planOf(macro: MacroRow, ticket: TicketRow, principal: Principal): ActionPlan {
  return planActions(
    macro.actions as unknown as MacroAction[],
    ticket,
    { id: principal.id, name: principal.name },
    `Macro: ${macro.name}`,
  );
}

/** The macros service; every method takes the calling principal (a signed-in agent or admin). */
export function createMacrosService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /** Macro `id` as `principal` may see it: shared, or theirs. @throws NotFoundError */
  async function usable(db: Db, principal: Principal, id: string): Promise<MacroRow> {
    const row = isUuid(id) ? await findMacro(db, principal.organizationId, id) : null;
    if (!row || (!row.shared && row.ownerId !== principal.id)) throw new NotFoundError('Macro');
    return row;
  }

  /** Macro `id` as `principal` may change it: theirs, or shared for an admin. */
  async function changeable(db: Db, principal: Principal, id: string): Promise<MacroRow> {
    const row = await usable(db, principal, id);
    if (row.shared && principal.role !== 'ADMIN') {
      throw new ForbiddenError('Only admins change shared macros');
    }
    return row;
  }

  function refuseSharedForAgents(principal: Principal, shared: boolean | undefined): void {
    if (shared && principal.role !== 'ADMIN') {
      throw new ForbiddenError('Only admins make shared macros', [
        { path: 'shared', message: 'agents make personal macros' },
      ]);
    }
  }

  return {
    async list(principal: Principal): Promise<{ data: Macro[] }> {
      const rows = await listUsableMacros(prisma, principal.organizationId, principal.id);
      return { data: rows.map(toMacro) };
    },

    async get(principal: Principal, id: string): Promise<Macro> {
      return toMacro(await usable(prisma, principal, id));
    },

    async create(principal: Principal, input: CreateMacroInput): Promise<Macro> {
      refuseSharedForAgents(principal, input.shared);
      checkTemplates(input.actions);
      const row = await insertMacro(prisma, {
        organizationId: principal.organizationId,
        ownerId: principal.id,
        name: input.name,
        shared: input.shared,
        actions: input.actions,
      });
      return toMacro(row);
    },

    async update(principal: Principal, id: string, input: UpdateMacroInput): Promise<Macro> {
      const row = await changeable(prisma, principal, id);
      refuseSharedForAgents(principal, input.shared);
      if (input.actions) checkTemplates(input.actions);
      return toMacro(await updateMacroRow(prisma, row.id, input));
    },

    async remove(principal: Principal, id: string): Promise<void> {
      const row = await changeable(prisma, principal, id);
      await deleteMacroRow(prisma, row.id);
    },

    /** What applying the macro to the ticket would do; writes nothing. */
    async preview(principal: Principal, ticketId: string, macroId: string): Promise<MacroPreview> {
      const ticket = await findVisibleTicket(prisma, principal, ticketId);
      const macro = await usable(prisma, principal, macroId);
      const { input, reply } = planOf(macro, ticket, principal);
      return {
        macro: { id: macro.id, name: macro.name },
        changes: changesOf(ticket, input),
        reply,
      };
    },

    /**
     * Applies the macro to the ticket as one change (see the file's comment).
     * @returns the ticket after it. @throws 404, 412 (If-Match), 409 (CLOSED, transition), 400.
     */
    async apply(
      principal: Principal,
      ticketId: string,
      macroId: string,
      options: { ifMatch?: string | undefined } = {},
    ): Promise<AnyTicket> {
      const row = await prisma.$transaction(async (tx) => {
        const macro = await usable(tx, principal, macroId);
        let ticket = await lockVisibleTicket(tx, principal, ticketId);
        checkIfMatch(options.ifMatch, ticket.version);
        const { input, reply } = planOf(macro, ticket, principal);
        if (reply) {
          await addStaffResponse(tx, ticket, principal, reply);
          ticket = await reloadTicket(tx, ticket.id);
        }
        return changeTicket(tx, principal, ticket, input, new Date());
      });
      return presentTicket(row, principal);
    },
  };
}

export type MacrosService = ReturnType<typeof createMacrosService>;
