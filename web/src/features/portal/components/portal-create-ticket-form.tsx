import { useMemo } from 'react';
import type { CustomerTicket } from '@docket/server/contract/tickets';
import {
  NewTicketForm,
  type FollowUpOf,
  type NewTicketAudience,
} from '@/components/new-ticket-form';
import { useCategories } from '../api/get-categories';
import { useCreatePortalTicket } from '../api/create-portal-ticket';
import { useCustomFields } from '@/lib/custom-fields';

export { CUSTOMER_REFERENCE_KEY, type FollowUpOf } from '@/components/new-ticket-form';

type PortalCreateTicketFormProps = {
  followUpOf?: FollowUpOf | null;
  onSuccess: (ticket: CustomerTicket) => void;
  onCancel?: () => void;
};

/**
 * The portal's "new ticket" form (docs/product.md "Customers": subject, category, description,
 * attachments, optional external reference): the shared NewTicketForm for a customer, with the
 * organization's categories (GET /api/categories) and the portal's create mutation.
 */
export function PortalCreateTicketForm({
  followUpOf = null,
  onSuccess,
  onCancel,
}: PortalCreateTicketFormProps) {
  const categories = useCategories();
  const createTicket = useCreatePortalTicket({ onSuccess });
  const customFields = useCustomFields();
  const editable = useMemo(
    () => customFields.data?.data.filter((field) => field.customerEditable),
    [customFields.data],
  );
  const audience = useMemo<NewTicketAudience>(
    () => ({ kind: 'customer', followUpOf }),
    [followUpOf],
  );
  return (
    <NewTicketForm
      audience={audience}
      categories={{
        names: categories.data?.map((category) => category.name),
        isPending: categories.isPending,
        isError: categories.isError,
      }}
      mutation={createTicket}
      onCancel={onCancel}
      customFields={editable}
    />
  );
}
