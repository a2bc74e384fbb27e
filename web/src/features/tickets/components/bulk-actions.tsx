import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { TICKET_STATUSES, type TicketStatus } from '@docket/server/contract/domain';
import type {
  AnyTicket,
  BULK_MAX_TICKETS as ContractBulkMax,
  BulkTicketsResult,
} from '@docket/server/contract/tickets';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent } from '@/components/ui/dialog';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { TextField } from '@/components/ui/field';
import { ChevronDownIcon } from '@/components/ui/icons';
import { useToast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/form-errors';
import { useBulkUpdateTickets, type BulkUpdateVariables } from '../api/bulk-update-tickets';
import { useStaff, useTicketGroups } from '../api/get-ticket-options';
import { normalizeTags } from '../utils/list-search-params';

/**
 * The most tickets one bulk request takes (the contract's `BULK_MAX_TICKETS`), by value: importing
 * it would load the contract's ticket schemas, and the schema library, with the ticket list. Its
 * type is the contract's literal, so a change there fails to compile here until it is followed.
 */
const BULK_MAX_TICKETS: typeof ContractBulkMax = 100;

type Translate = TFunction;

type BulkActionsProps = {
  /** The selected tickets, as the list shows them (for references and current statuses). */
  selected: AnyTicket[];
  currentUser: { id: string; name: string };
  onClearSelection: () => void;
};

/** One failed ticket of a bulk change, as a sentence: "TKT-00003: the ticket is closed". */
export type BulkFailure = { id: string; reference: string; reason: string };

/**
 * The people-readable outcome of POST /api/tickets/bulk: how many succeeded, and for each
 * failure its reference and a translated reason from the problem's stable `code` (the server's
 * `detail` is English only; it is kept for unexpected codes). `before` gives the statuses the
 * list showed, to say "cannot change from Closed to Open".
 */
export function describeBulkResult(
  result: BulkTicketsResult,
  before: Map<string, AnyTicket>,
  action: BulkUpdateVariables['action'],
  t: Translate,
): { succeeded: number; failures: BulkFailure[] } {
  const failures: BulkFailure[] = [];
  for (const item of result.results) {
    if (item.ok) continue;
    const ticket = before.get(item.id);
    const { code, detail = '' } = item.problem;
    let reason: string;
    if (code === 'invalid_transition' && ticket && 'status' in action) {
      reason = t('ticketFilters.bulk.reasons.invalid_transition', {
        from: t(`status.${ticket.status}`),
        to: t(`status.${action.status}`),
      });
    } else if (code === 'invalid_transition') {
      reason = t('ticketFilters.bulk.reasons.invalid_transition_unknown');
    } else if (code === 'assignee_not_in_group') {
      reason = t('ticketFilters.bulk.reasons.assignee_not_in_group');
    } else if (
      code === 'ticket_closed' ||
      code === 'not_found' ||
      code === 'precondition_failed' ||
      code === 'forbidden' ||
      code === 'validation_failed'
    ) {
      reason = t(`ticketFilters.bulk.reasons.${code}`, { detail });
    } else {
      reason = t('ticketFilters.bulk.reasons.other', { detail });
    }
    failures.push({ id: item.id, reference: ticket?.reference ?? item.id, reason });
  }
  return { succeeded: result.succeeded, failures };
}

/**
 * The bulk toolbar over the ticket list, shown while tickets are selected: Assign (to me, to an
 * agent, or nobody), Change status, Set group (a group or none), Add tags…, Clear selection; then a
 * summary of the outcome, naming each ticket that could not be changed and why. Status and assignee
 * show at once (optimistic), the server's answer then sets each ticket right.
 */
export function BulkActions({ selected, currentUser, onClearSelection }: BulkActionsProps) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const bulk = useBulkUpdateTickets();
  const staff = useStaff();
  const groups = useTicketGroups();
  const [tagsOpen, setTagsOpen] = useState(false);
  const [summary, setSummary] = useState<{ succeeded: number; failures: BulkFailure[] } | null>(
    null,
  );
  const [failure, setFailure] = useState<string | null>(null);
  const count = selected.length;

  const run = (variables: Omit<BulkUpdateVariables, 'ids'>) => {
    const before = new Map(selected.map((ticket) => [ticket.id, ticket]));
    setSummary(null);
    setFailure(null);
    bulk.mutate(
      { ...variables, ids: selected.slice(0, BULK_MAX_TICKETS).map((ticket) => ticket.id) },
      {
        onSuccess: (result) => {
          const described = describeBulkResult(result, before, variables.action, t);
          if (described.failures.length) setSummary(described);
          else {
            toast({
              tone: 'success',
              title: t('ticketFilters.bulk.succeeded', { count: described.succeeded }),
            });
            onClearSelection();
          }
        },
        onError: (error) => setFailure(errorMessage(error, t)),
      },
    );
  };

  const assign = (assignee: { id: string; name: string } | null) =>
    run({ action: { assign: assignee?.id ?? null }, optimistic: { assignee } });
  const setStatus = (status: TicketStatus) => run({ action: { status }, optimistic: { status } });
  const setGroup = (groupId: string | null) => run({ action: { group: groupId } });

  return (
    <div className="bulk">
      {count > 0 ? (
        <div className="bulk__toolbar" role="toolbar" aria-label={t('ticketFilters.bulk.toolbar')}>
          <p className="bulk__count" aria-live="polite">
            {t('ticketFilters.selection.selected', { count })}
          </p>
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <button type="button" className="button button--secondary" disabled={bulk.isPending}>
                {t('ticketFilters.bulk.assign')}
                <ChevronDownIcon />
              </button>
            </DropdownMenuTrigger>
            <DropdownMenuContent>
              <DropdownMenuItem onSelect={() => assign(currentUser)}>
                {t('ticketFilters.bulk.assignToMe')}
              </DropdownMenuItem>
              <DropdownMenuItem onSelect={() => assign(null)}>
                {t('ticketFilters.bulk.unassign')}
              </DropdownMenuItem>
              {staff.data?.length ? (
                <>
                  <DropdownMenuSeparator />
                  <DropdownMenuLabel>{t('ticketFilters.assigneeAgents')}</DropdownMenuLabel>
                  {staff.data
                    .filter((person) => person.id !== currentUser.id)
                    .map((person) => (
                      <DropdownMenuItem
                        key={person.id}
                        onSelect={() => assign({ id: person.id, name: person.name })}
                      >
                        {person.name}
                      </DropdownMenuItem>
                    ))}
                </>
              ) : null}
            </DropdownMenuContent>
          </DropdownMenu>
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <button type="button" className="button button--secondary" disabled={bulk.isPending}>
                {t('ticketFilters.bulk.status')}
                <ChevronDownIcon />
              </button>
            </DropdownMenuTrigger>
            <DropdownMenuContent>
              {TICKET_STATUSES.filter((status) => status !== 'NEW').map((status) => (
                <DropdownMenuItem key={status} onSelect={() => setStatus(status)}>
                  {t(`status.${status}`)}
                </DropdownMenuItem>
              ))}
            </DropdownMenuContent>
          </DropdownMenu>
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <button type="button" className="button button--secondary" disabled={bulk.isPending}>
                {t('ticketFilters.bulk.setGroup')}
                <ChevronDownIcon />
              </button>
            </DropdownMenuTrigger>
            <DropdownMenuContent>
              <DropdownMenuItem onSelect={() => setGroup(null)}>
                {t('ticketFilters.groupNone')}
              </DropdownMenuItem>
              {groups.data?.data.length ? <DropdownMenuSeparator /> : null}
              {(groups.data?.data ?? []).map((group) => (
                <DropdownMenuItem key={group.id} onSelect={() => setGroup(group.id)}>
                  {group.name}
                </DropdownMenuItem>
              ))}
            </DropdownMenuContent>
          </DropdownMenu>
          <Button variant="secondary" disabled={bulk.isPending} onClick={() => setTagsOpen(true)}>
            {t('ticketFilters.bulk.addTag')}
          </Button>
          <Button variant="ghost" onClick={onClearSelection}>
            {t('ticketFilters.selection.clear')}
          </Button>
          {bulk.isPending ? (
            <span className="bulk__working" role="status">
              {t('ticketFilters.bulk.working')}
            </span>
          ) : null}
        </div>
      ) : null}
      <Dialog open={tagsOpen} onOpenChange={setTagsOpen}>
        {tagsOpen ? (
          <AddTagsDialogContent
            count={count}
            onSubmit={(tags) => {
              setTagsOpen(false);
              run({ action: { addTags: tags } });
            }}
          />
        ) : null}
      </Dialog>
      {failure ? (
        <Alert tone="error" title={t('ticketFilters.bulk.error')}>
          {failure}
        </Alert>
      ) : null}
      {summary ? (
        <div className="alert alert--error bulk__summary" role="alert">
          <p className="alert__title">{t('ticketFilters.bulk.resultTitle')}</p>
          <div className="alert__body">
            {summary.succeeded ? (
              <p>{t('ticketFilters.bulk.succeeded', { count: summary.succeeded })}</p>
            ) : null}
            <p>{t('ticketFilters.bulk.failed', { count: summary.failures.length })}</p>
            <ul>
              {summary.failures.map((item) => (
                <li key={item.id}>
                  {t('ticketFilters.bulk.failure', {
                    reference: item.reference,
                    reason: item.reason,
                  })}
                </li>
              ))}
            </ul>
          </div>
          <div className="alert__action">
            <Button variant="secondary" onClick={() => setSummary(null)}>
              {t('ticketFilters.bulk.dismiss')}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function AddTagsDialogContent({
  count,
  onSubmit,
}: {
  count: number;
  onSubmit: (tags: string[]) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parts = text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const tags = normalizeTags(parts);
    if (!parts.length) return setError(t('validation.required'));
    if (tags.length !== new Set(parts.map((p) => p.toLowerCase())).size) {
      return setError(t('validation.tagFormat'));
    }
    if (tags.length > 20) return setError(t('validation.tooManyItems', { count: 20 }));
    onSubmit(tags);
  };
  return (
    <DialogContent
      title={t('ticketFilters.bulk.addTagTitle', { count })}
      description={t('ticketFilters.bulk.addTagHint')}
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={t('ticketFilters.tags')}
          error={error}
          required
          value={text}
          autoComplete="off"
          onChange={(event) => {
            setText(event.target.value);
            setError(undefined);
          }}
        />
        <div className="form__actions">
          <Button type="submit">{t('ticketFilters.bulk.addTagSubmit')}</Button>
          <DialogClose asChild>
            <Button variant="secondary">{t('ticketFilters.views.cancel')}</Button>
          </DialogClose>
        </div>
      </form>
    </DialogContent>
  );
}
