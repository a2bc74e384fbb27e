import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '@docket/server/contract/auth';
import { TICKET_PRIORITIES, type TicketStatus } from '@docket/server/contract/domain';
import {
  STAFF_TRANSITIONS,
  UpdateTicketBodySchema,
  type Ticket,
} from '@docket/server/contract/tickets';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { isApiError } from '@/lib/api-client';
import { errorMessage, fieldErrorsFromZod } from '@/lib/form-errors';
import { useClaimTicket } from '../api/claim-ticket';
import { useCategories, useStaff, useTicketGroups } from '../api/get-ticket-options';
import { useUpdateTicket, type UpdateTicketVariables } from '../api/update-ticket';

/**
 * The statuses offered for a ticket now in `status`: itself, then the changes docs/product.md's lifecycle
 * allows agents (the server's own table, ticket-lifecycle.ts, shared through the contract), in
 * lifecycle order. CLOSED offers nothing else: it is final.
 */
export function statusOptions(status: TicketStatus): TicketStatus[] {
  return [status, ...STAFF_TRANSITIONS[status]];
}

/** "a, b ,, c" → ["a", "b", "c"], as the tags field is typed. */
export function parseTags(value: string): string[] {
  return value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

type TicketControlsProps = {
  ticket: Ticket;
  /** The id the page's address uses (its cache key). */
  detailId: string;
  user: User;
  /** Called when the server refuses a change as stale (412): the page explains and reloads. */
  onConflict: () => void;
  /** True while a conflict waits for the agent to load the latest version: nothing is editable. */
  locked: boolean;
};

const NO_CATEGORY = 'none';
const UNASSIGNED = 'none';
const NO_GROUP = 'none';

/**
 * Status, priority, group, assignee, category and tags of a ticket, with claim / unclaim
 * (docs/product.md "Roles"; the group: "Groups and routing", a 409 `assignee_not_in_group` is said
 * in words). Every change is sent with `If-Match` (the version on screen); status and assignee show
 * at once and roll back on failure. Closing asks for confirmation and a reason (CLOSED is final).
 */
export function TicketControls({
  ticket,
  detailId,
  user,
  onConflict,
  locked,
}: TicketControlsProps) {
  const { t } = useTranslation();
  const id = useId();
  const staff = useStaff();
  const categories = useCategories();
  const groups = useTicketGroups();
  const update = useUpdateTicket(detailId);
  const claim = useClaimTicket(detailId, user);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [tags, setTags] = useState(ticket.tags.join(', '));
  const [tagsError, setTagsError] = useState<string | undefined>();
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();

  // The tags field follows the ticket when it changes under it (another agent, a reload).
  const savedTags = ticket.tags.join(', ');
  useEffect(() => setTags(savedTags), [savedTags]);

  const closed = ticket.status === 'CLOSED';
  const disabled = closed || locked;

  function failed(cause: unknown) {
    if (isApiError(cause) && cause.status === 412) {
      setError(null);
      onConflict();
      return;
    }
    if (isApiError(cause) && cause.code === 'already_claimed')
      setError(t('ticketPage.controls.alreadyClaimed'));
    else if (isApiError(cause) && cause.code === 'not_assignee')
      setError(t('ticketPage.controls.notAssignee'));
    else if (isApiError(cause) && cause.code === 'assignee_not_in_group')
      setError(t('ticketPage.controls.assigneeNotInGroup'));
    else if (isApiError(cause) && cause.fieldErrors.tags) setTagsError(cause.fieldErrors.tags);
    else setError(errorMessage(cause, t));
  }

  function change(variables: Omit<UpdateTicketVariables, 'version'>, onDone?: () => void) {
    setError(null);
    setNotice('');
    update.mutate(
      { ...variables, version: ticket.version },
      {
        onSuccess: () => {
          setNotice(t('ticketPage.controls.saved'));
          onDone?.();
        },
        onError: failed,
      },
    );
  }

  function changeStatus(value: string) {
    const status = statusOptions(ticket.status).find((s) => s === value);
    if (!status || status === ticket.status) return;
    if (status === 'CLOSED') {
      setReason('');
      setReasonError(undefined);
      setClosing(true);
      return;
    }
    change({ change: { status }, optimistic: { status } });
  }

  function confirmClose(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = UpdateTicketBodySchema.safeParse({ status: 'CLOSED', reason });
    if (!parsed.success) {
      setReasonError(fieldErrorsFromZod(parsed.error, t).reason ?? t('validation.required'));
      return;
    }
    setClosing(false);
    change({ change: parsed.data, optimistic: { status: 'CLOSED' } });
  }

  function saveTags(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = UpdateTicketBodySchema.safeParse({ tags: parseTags(tags) });
    if (!parsed.success) {
      setTagsError(fieldErrorsFromZod(parsed.error, t).tags ?? t('validation.invalid'));
      return;
    }
    setTagsError(undefined);
    change({ change: { tags: parsed.data.tags } });
  }

  function changeAssignee(value: string) {
    if (value === UNASSIGNED) {
      if (ticket.assignee) change({ change: { assigneeId: null }, optimistic: { assignee: null } });
      return;
    }
    const person = staff.data?.find((member) => member.id === value);
    if (!person || person.id === ticket.assignee?.id) return;
    change({
      change: { assigneeId: person.id },
      optimistic: { assignee: { id: person.id, name: person.name } },
    });
  }

  function toggleClaim(action: 'claim' | 'unclaim') {
    setError(null);
    setNotice('');
    claim.mutate(action, {
      onSuccess: () =>
        setNotice(
          action === 'claim'
            ? t('ticketPage.controls.claimed')
            : t('ticketPage.controls.unclaimed'),
        ),
      onError: failed,
    });
  }

  const mine = ticket.assignee?.id === user.id;
  const staffOptions = [
    { value: UNASSIGNED, label: t('ticketPage.controls.unassigned') },
    ...(staff.data ?? []).map((member) => ({
      value: member.id,
      label:
        member.id === user.id ? t('ticketPage.controls.you', { name: member.name }) : member.name,
    })),
  ];
  // The current assignee stays choosable while the staff list loads (or if they left).
  if (ticket.assignee && !staffOptions.some((option) => option.value === ticket.assignee?.id)) {
    staffOptions.push({ value: ticket.assignee.id, label: ticket.assignee.name });
  }
  const groupOptions = [
    { value: NO_GROUP, label: t('ticketPage.controls.noGroup') },
    ...(groups.data?.data ?? []).map((group) => ({ value: group.id, label: group.name })),
  ];
  // The ticket's group stays choosable while the list loads (or when the agent is not a member).
  if (ticket.group && !groupOptions.some((option) => option.value === ticket.group?.id)) {
    groupOptions.push({ value: ticket.group.id, label: ticket.group.name });
  }
  const categoryOptions = [
    { value: NO_CATEGORY, label: t('ticketPage.controls.noCategory') },
    ...(categories.data?.data ?? []).map((category) => ({
      value: category.name,
      label: category.name,
    })),
  ];
  if (ticket.category && !categoryOptions.some((option) => option.value === ticket.category)) {
    categoryOptions.push({ value: ticket.category, label: ticket.category });
  }

  return (
    <Card
      title={t('ticketPage.controls.heading')}
      className="ticket-controls"
      actions={
        closed ? null : mine ? (
          <Button
            variant="secondary"
            disabled={locked || claim.isPending}
            onClick={() => toggleClaim('unclaim')}
          >
            {t('ticketPage.controls.unclaim')}
          </Button>
        ) : ticket.assignee ? null : (
          <Button disabled={locked || claim.isPending} onClick={() => toggleClaim('claim')}>
            {t('ticketPage.controls.claim')}
          </Button>
        )
      }
    >
      {closed ? <Alert tone="info">{t('ticketPage.controls.closedNotice')}</Alert> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}

      <div className="ticket-controls__fields">
        <Field label={t('ticketPage.controls.status')}>
          {(control) => (
            <Select
              {...control}
              name="status"
              value={ticket.status}
              disabled={disabled}
              onValueChange={changeStatus}
              options={statusOptions(ticket.status).map((status) => ({
                value: status,
                label: t(`status.${status}`),
              }))}
            />
          )}
        </Field>

        <Field label={t('ticketPage.controls.priority')}>
          {(control) => (
            <Select
              {...control}
              name="priority"
              value={ticket.priority}
              disabled={disabled}
              onValueChange={(value) => {
                const priority = TICKET_PRIORITIES.find((p) => p === value);
                if (priority && priority !== ticket.priority) change({ change: { priority } });
              }}
              options={TICKET_PRIORITIES.map((priority) => ({
                value: priority,
                label: t(`priority.${priority}`),
              }))}
            />
          )}
        </Field>

        <Field label={t('ticketPage.controls.group')}>
          {(control) => (
            <Select
              {...control}
              name="group"
              value={ticket.group?.id ?? NO_GROUP}
              disabled={disabled}
              onValueChange={(value) => {
                const groupId = value === NO_GROUP ? null : value;
                if (groupId !== (ticket.group?.id ?? null)) change({ change: { groupId } });
              }}
              options={groupOptions}
            />
          )}
        </Field>

        <Field label={t('ticketPage.controls.assignee')}>
          {(control) => (
            <Select
              {...control}
              name="assignee"
              value={ticket.assignee?.id ?? UNASSIGNED}
              disabled={disabled}
              onValueChange={changeAssignee}
              options={staffOptions}
            />
          )}
        </Field>

        <Field label={t('ticketPage.controls.category')}>
          {(control) => (
            <Select
              {...control}
              name="category"
              value={ticket.category ?? NO_CATEGORY}
              disabled={disabled}
              onValueChange={(value) => {
                const category = value === NO_CATEGORY ? null : value;
                if (category !== ticket.category) change({ change: { category } });
              }}
              options={categoryOptions}
            />
          )}
        </Field>
      </div>

      <form className="ticket-controls__tags" onSubmit={saveTags} noValidate>
        <Field
          label={t('ticketPage.controls.tags')}
          hint={t('ticketPage.controls.tagsHint')}
          error={tagsError}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              name="tags"
              value={tags}
              disabled={disabled}
              onChange={(event) => {
                setTags(event.target.value);
                setTagsError(undefined);
              }}
            />
          )}
        </Field>
        <Button type="submit" variant="secondary" disabled={disabled || tags === savedTags}>
          {t('ticketPage.controls.saveTags')}
        </Button>
      </form>

      <p className="ticket-controls__status" role="status" id={`${id}-status`}>
        {update.isPending || claim.isPending ? t('ticketPage.controls.saving') : notice}
      </p>

      <Dialog open={closing} onOpenChange={setClosing}>
        <DialogContent
          title={t('ticketPage.close.title')}
          description={t('ticketPage.close.description')}
        >
          <form className="form" onSubmit={confirmClose} noValidate>
            <Field
              label={t('ticketPage.close.reason')}
              hint={t('ticketPage.close.reasonHint')}
              error={reasonError}
              required
            >
              {(control) => (
                <textarea
                  {...control}
                  className="textarea"
                  name="reason"
                  rows={3}
                  maxLength={1000}
                  value={reason}
                  onChange={(event) => {
                    setReason(event.target.value);
                    setReasonError(undefined);
                  }}
                />
              )}
            </Field>
            <div className="form__actions">
              <Button type="submit">{t('ticketPage.close.confirm')}</Button>
              <DialogClose asChild>
                <Button variant="ghost">{t('ticketPage.close.cancel')}</Button>
              </DialogClose>
            </div>
          </form>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
