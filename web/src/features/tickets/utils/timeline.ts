/**
 * The ticket page's timeline (docs/product.md "Ticket": "The ticket's timeline merges responses and
 * activity"): public replies, internal notes and activity rows in one list, oldest first.
 */
import type { TicketActivity } from '@docket/server/contract/activity';
import type {
  ActivityType,
  SessionMode,
  TicketPriority,
  TicketStatus,
} from '@docket/server/contract/domain';
import type { TicketResponse } from '@docket/server/contract/responses';

export type TimelineEntry =
  | { kind: 'response'; id: string; at: string; response: TicketResponse }
  | { kind: 'activity'; id: string; at: string; activity: TicketActivity };

/**
 * Activity that the timeline does not show as a line of its own: a response's activity row
 * (the response itself is shown) and the files added with a response (shown on it).
 */
function isShownElsewhere(activity: TicketActivity): boolean {
  if (activity.type === 'RESPONSE_ADDED' || activity.type === 'INTERNAL_NOTE_ADDED') return true;
  if (activity.type === 'ATTACHMENT_ADDED' || activity.type === 'ATTACHMENT_REMOVED') {
    const values = activity.after ?? activity.before;
    return typeof values?.responseId === 'string';
  }
  return false;
}

/**
 * Responses and activity merged by time, oldest first; on equal times an activity row comes
 * after the response (a reply that reopens a ticket reads "reply, then status change").
 */
export function mergeTimeline(
  responses: readonly TicketResponse[],
  activity: readonly TicketActivity[],
): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...responses.map((response) => ({
      kind: 'response' as const,
      id: response.id,
      at: response.createdAt,
      response,
    })),
    ...activity
      .filter((row) => !isShownElsewhere(row))
      .map((row) => ({ kind: 'activity' as const, id: row.id, at: row.createdAt, activity: row })),
  ];
  return entries
    .map((entry, index) => ({ entry, index, time: Date.parse(entry.at) }))
    .sort((a, b) => a.time - b.time || kindRank(a.entry) - kindRank(b.entry) || a.index - b.index)
    .map(({ entry }) => entry);
}

function kindRank(entry: TimelineEntry): number {
  return entry.kind === 'response' ? 0 : 1;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function nameOf(value: unknown): string | null {
  if (value && typeof value === 'object' && 'name' in value) return text(value.name);
  return null;
}

/**
 * What an activity row says, from its type and before/after values (the shapes written by
 * tickets.service.ts and attachments.service.ts), translated with `t`; `formatDate` formats
 * ISO timestamps (the session's time) in the reader's language.
 */
export function describeActivity(
  activity: TicketActivity,
  t: Translate,
  formatDate: (iso: string) => string,
): string {
  const actor = activity.actor.name;
  const before = activity.before ?? {};
  const after = activity.after ?? {};
  const type: ActivityType = activity.type;
  const key = (name: string) => `ticketPage.activity.${name}`;
  switch (type) {
    case 'CREATED':
      return t(key('CREATED'), { actor });
    case 'STATUS_CHANGED':
      return t(key('STATUS_CHANGED'), {
        actor,
        from: t(`status.${before.status as TicketStatus}`),
        to: t(`status.${after.status as TicketStatus}`),
      });
    case 'PRIORITY_CHANGED':
      return t(key('PRIORITY_CHANGED'), {
        actor,
        from: t(`priority.${before.priority as TicketPriority}`),
        to: t(`priority.${after.priority as TicketPriority}`),
      });
    case 'ASSIGNED':
      return t(key('ASSIGNED'), { actor, assignee: nameOf(after.assignee) ?? '—' });
    case 'UNASSIGNED':
      return t(key('UNASSIGNED'), { actor, assignee: nameOf(before.assignee) ?? '—' });
    case 'CLAIMED':
    case 'UNCLAIMED':
    case 'DELETED':
    case 'RESTORED':
      return t(key(type), { actor });
    case 'FIELDS_CHANGED': {
      const fields = Object.keys(after);
      if (fields.length === 1 && fields[0] === 'category') {
        const to = text(after.category);
        return to
          ? t(key('CATEGORY_CHANGED'), { actor, to })
          : t(key('CATEGORY_CLEARED'), { actor });
      }
      if (fields.length === 1 && fields[0] === 'tags' && Array.isArray(after.tags)) {
        return after.tags.length
          ? t(key('TAGS_CHANGED'), { actor, tags: after.tags.join(', ') })
          : t(key('TAGS_CLEARED'), { actor });
      }
      const names = fields.map((field) => t(key(`fields.${field}`), { defaultValue: field }));
      return t(key('FIELDS_CHANGED'), { actor, fields: names.join(', ') });
    }
    case 'CHAT_LINKED':
      return t(key('CHAT_LINKED'), { actor });
    case 'SESSION_SCHEDULED': {
      // One occurrence of a recurring session moved, cancelled or restored on its own.
      const occurrence = after.occurrence as
        { scheduledAt?: string; cancelled?: boolean } | undefined;
      if (occurrence?.scheduledAt) {
        return t(
          key(occurrence.cancelled ? 'SESSION_OCCURRENCE_CANCELLED' : 'SESSION_OCCURRENCE_MOVED'),
          {
            actor,
            date: formatDate(occurrence.scheduledAt),
          },
        );
      }
      const session = after.session as { mode?: SessionMode; scheduledAt?: string } | null;
      if (!session?.scheduledAt || !session.mode) return t(key('SESSION_CANCELLED'), { actor });
      return t(key('SESSION_SCHEDULED'), {
        actor,
        mode: t(`ticketPage.session.modes.${session.mode}`),
        date: formatDate(session.scheduledAt),
      });
    }
    case 'ATTACHMENT_ADDED':
      return t(key('ATTACHMENT_ADDED'), { actor, file: text(after.fileName) ?? '' });
    case 'ATTACHMENT_REMOVED':
      return t(key('ATTACHMENT_REMOVED'), { actor, file: text(before.fileName) ?? '' });
    case 'RESPONSE_ADDED':
    case 'INTERNAL_NOTE_ADDED':
      return t(key(type), { actor });
    case 'MERGED': {
      const into = referenceOf(after.mergedInto);
      if (into) return t(key('MERGED_INTO'), { actor, reference: into });
      return t(key('MERGED_FROM'), { actor, reference: referenceOf(after.mergedFrom) ?? '—' });
    }
    case 'LINKED':
    case 'UNLINKED': {
      const link = (type === 'LINKED' ? after.link : before.link) as
        { role?: string; ticket?: unknown } | undefined;
      return t(key(type), {
        actor,
        role: t(key(`linkRoles.${link?.role ?? 'related'}`)),
        reference: referenceOf(link?.ticket) ?? '—',
      });
    }
    case 'RESOLUTION_NOTE_CHANGED':
      return text(after.resolutionNote)
        ? t(key('RESOLUTION_NOTE_CHANGED'), { actor })
        : t(key('RESOLUTION_NOTE_CLEARED'), { actor });
    case 'SATISFACTION_RATED':
      return t(key('SATISFACTION_RATED'), { actor, score: String(after.score ?? '—') });
    case 'SESSION_NOTES_RECORDED':
      return t(key('SESSION_NOTES_RECORDED'), {
        actor,
        outcome: text(after.outcome)
          ? t(`ticketPage.occurrences.outcomes.${text(after.outcome)}`, {
              defaultValue: text(after.outcome),
            })
          : '—',
      });
  }
}

function referenceOf(value: unknown): string | null {
  if (value && typeof value === 'object' && 'reference' in value) return text(value.reference);
  return null;
}
