import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '@docket/server/contract/tickets';
import {
  CustomFieldInputs,
  CustomFieldValueText,
  type CustomFieldDraft,
} from '@/components/custom-field-inputs';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { useToast } from '@/components/ui/toast';
import {
  customFieldErrors,
  customFieldLabel,
  toCustomFieldValue,
  useCustomFields,
} from '@/lib/custom-fields';
import { errorMessage } from '@/lib/form-errors';
import { useUpdateTicket } from '../api/update-ticket';

/**
 * The ticket page's "Custom fields" card for staff (docs/product.md "Custom fields"): each
 * defined field with the ticket's value in the viewer's language; "Edit" turns them into inputs
 * and "Save" sends the changed ones in one PATCH (an emptied field is sent as null, which removes
 * it). The server's errors on `customFields.<key>` show under their field.
 */
export function CustomFieldsPanel({ ticket, detailId }: { ticket: Ticket; detailId: string }) {
  const { t, i18n } = useTranslation();
  const { toast } = useToast();
  const definitions = useCustomFields();
  const update = useUpdateTicket(detailId);
  const [draft, setDraft] = useState<CustomFieldDraft | null>(null);
  const fields = definitions.data?.data ?? [];
  if (!definitions.data || fields.length === 0) return null;

  function save() {
    if (!draft) return;
    const change: Record<string, unknown> = {};
    for (const field of fields) {
      const value = toCustomFieldValue(field, draft[field.key]);
      const current = ticket.customFields[field.key] ?? null;
      if (JSON.stringify(value) !== JSON.stringify(current)) change[field.key] = value;
    }
    if (Object.keys(change).length === 0) {
      setDraft(null);
      return;
    }
    update.mutate(
      { change: { customFields: change }, version: ticket.version },
      {
        onSuccess: () => {
          setDraft(null);
          toast({ tone: 'success', title: t('customFields.panel.saved') });
        },
      },
    );
  }

  const errors = customFieldErrors(update.error);
  const unplaced =
    update.error && Object.keys(errors).length === 0 ? errorMessage(update.error, t) : null;
  const locked = ticket.status === 'CLOSED';

  return (
    <Card title={t('customFields.panel.title')}>
      {draft ? (
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <CustomFieldInputs
            fields={fields}
            values={draft}
            onChange={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
            errors={errors}
            disabled={update.isPending}
          />
          {unplaced ? <Alert tone="error">{unplaced}</Alert> : null}
          <div className="admin-dialog__actions">
            <Button
              variant="ghost"
              onClick={() => {
                setDraft(null);
                update.reset();
              }}
            >
              {t('customFields.panel.cancel')}
            </Button>
            <Button type="submit" disabled={update.isPending}>
              {t('customFields.panel.save')}
            </Button>
          </div>
        </form>
      ) : (
        <>
          <dl className="details details--stacked">
            {fields.map((field) => (
              <div className="details__item" key={field.key}>
                <dt>{customFieldLabel(field, i18n.language)}</dt>
                <dd>
                  <CustomFieldValueText value={ticket.customFields[field.key]} />
                </dd>
              </div>
            ))}
          </dl>
          {locked ? null : (
            <Button
              variant="secondary"
              onClick={() => {
                update.reset();
                setDraft({ ...ticket.customFields });
              }}
            >
              {t('customFields.panel.edit')}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
