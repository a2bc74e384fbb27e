import { useMemo } from 'react';
import type { AnyTicket } from '@docket/server/contract/tickets';
import { NewTicketForm, type NewTicketAudience } from '@/components/new-ticket-form';
import { useCreateTicket } from '../api/create-ticket';
import { useCategories, useTicketGroups } from '../api/get-ticket-options';
import { useCustomFields } from '@/lib/custom-fields';

type CreateTicketFormProps = {
  /** Agents and admins set the priority and may file for someone else; customers do neither. */
  isAgent: boolean;
  onSuccess: (ticket: AnyTicket) => void;
  onCancel?: () => void;
};

/**
 * The dashboard's "new ticket" form: the shared NewTicketForm for staff, with the organization's
 * categories (GET /api/categories), its groups (GET /api/groups) and the tickets feature's create
 * mutation.
 */
export function CreateTicketForm({ isAgent, onSuccess, onCancel }: CreateTicketFormProps) {
  const createTicket = useCreateTicket({ onSuccess });
  const categories = useCategories();
  const customFields = useCustomFields();
  const groups = useTicketGroups();
  const groupChoices = groups.data?.data;
  const audience = useMemo<NewTicketAudience>(
    () => ({ kind: 'staff', canSetPriority: isAgent, groups: groupChoices }),
    [isAgent, groupChoices],
  );
  return (
    <NewTicketForm
      audience={audience}
      categories={{
        names: categories.data?.data.map((category) => category.name),
        isPending: categories.isPending,
        isError: categories.isError,
      }}
      mutation={createTicket}
      onCancel={onCancel}
      customFields={customFields.data?.data}
    />
  );
}
