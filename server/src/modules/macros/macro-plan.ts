/**
 * What a list of macro actions asks of a ticket (docs/product.md "Macros"), without writing:
 * the PATCH it makes (with PATCH's rules applied later by `changeTicket`) and the reply or note
 * it writes, its placeholders filled in. Shared by macros (applied by a person) and rules
 * (modules/rules, applied by Docket on a rule's behalf).
 */
import { formatTicketReference } from '../../lib/domain.js';
import type { TicketRow } from '../tickets/index.js';
import type { UpdateTicketInput } from '../tickets/tickets.schemas.js';
import { firstNameOf, renderTemplate } from './macro-template.js';
import type { MacroAction, MacroPreview } from './macros.schemas.js';

/** Who applies the actions: `assign: "me"` names `id`; `{{agent.name}}` is `name`. */
export interface PlanAgent {
  id: string | null;
  name: string;
}

/** The PATCH and the reply of a plan. */
export interface ActionPlan {
  input: UpdateTicketInput;
  reply: { content: string; isInternal: boolean } | null;
}

/**
 * The placeholders' values for `ticket` (macro-template.ts lists the names): ticket reference,
 * number, subject, status, priority and category; requester name, first name and email; the
 * agent's name and first name. Rendered as text, never as markup or template syntax.
 */
export function templateVariables(ticket: TicketRow, agent: PlanAgent) {
  return {
    ticket: {
      reference: formatTicketReference(ticket.number),
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      category: ticket.category?.name ?? '',
    },
    requester: {
      name: ticket.requesterName,
      firstName: firstNameOf(ticket.requesterName),
      email: ticket.requesterEmail,
    },
    agent: { name: agent.name, firstName: firstNameOf(agent.name) },
  };
}

/**
 * What `actions` ask of `ticket`, in their order (a later action on the same field wins; tags
 * add and remove cumulatively; the last reply wins). `reason` goes on every activity row.
 */
export function planActions(
  actions: readonly MacroAction[],
  ticket: TicketRow,
  agent: PlanAgent,
  reason: string,
): ActionPlan {
  const input: UpdateTicketInput = {};
  let reply: ActionPlan['reply'] = null;
  let tags = [...ticket.tags];
  const customFields = { ...(ticket.customFields as Record<string, unknown>) };
  for (const action of actions) {
    switch (action.type) {
      case 'reply':
        reply = {
          content: renderTemplate(action.content, templateVariables(ticket, agent)),
          isInternal: action.isInternal,
        };
        break;
      case 'set_status':
        input.status = action.value;
        break;
      case 'set_priority':
        input.priority = action.value;
        break;
      case 'set_category':
        input.category = action.value;
        break;
      case 'add_tags':
        tags = [...new Set([...tags, ...action.value])];
        input.tags = tags;
        break;
      case 'remove_tags':
        tags = tags.filter((tag) => !action.value.includes(tag));
        input.tags = tags;
        break;
      case 'assign':
        input.assigneeId = action.value === 'me' ? agent.id : action.value;
        break;
      case 'set_group':
        input.groupId = action.value;
        break;
      case 'set_custom_field':
        customFields[action.key] = action.value;
        input.customFields = customFields;
        break;
    }
  }
  input.reason = reason;
  return { input, reply };
}

/** The fields `input` changes on `ticket`, each with its value before and after. */
export function changesOf(ticket: TicketRow, input: UpdateTicketInput): MacroPreview['changes'] {
  const changes: MacroPreview['changes'] = {};
  const add = (field: string, before: unknown, after: unknown) => {
    if (JSON.stringify(before) !== JSON.stringify(after)) changes[field] = { before, after };
  };
  if (input.status !== undefined) add('status', ticket.status, input.status);
  if (input.priority !== undefined) add('priority', ticket.priority, input.priority);
  if (input.category !== undefined) add('category', ticket.category?.name ?? null, input.category);
  if (input.tags !== undefined) add('tags', ticket.tags, input.tags);
  if (input.assigneeId !== undefined) add('assigneeId', ticket.assigneeId, input.assigneeId);
  if (input.groupId !== undefined) add('groupId', ticket.groupId, input.groupId);
  if (input.customFields !== undefined)
    add('customFields', ticket.customFields, input.customFields);
  return changes;
}
