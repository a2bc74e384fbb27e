import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CreateTicketBodySchema,
  type CreateTicketBody,
  type CustomerTicket,
} from '@docket/server/contract';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import {
  AttachmentPicker,
  UploadProgressBar,
  attachmentErrorMessage,
  useAttachmentDraft,
  type UploadProgress,
} from '@/components/attachments';
import { TicketDescriptionField, TicketSubjectField } from '@/components/ticket-text-fields';
import { isApiError } from '@/lib/api-client';
import { errorMessage, checkForm, focusFirstError, type FieldErrors } from '@/lib/form-errors';
import { useCategories } from '../api/get-categories';
import { useCreatePortalTicket } from '../api/create-portal-ticket';

/** The key of `externalRefs` under which the requester's own reference is filed. */
export const CUSTOMER_REFERENCE_KEY = 'customerReference';

export type PortalTicketValues = {
  subject: string;
  category: string;
  description: string;
  externalRef: string;
};

/** The ticket this one follows up (a CLOSED ticket of the requester). */
export type FollowUpOf = { reference: string; subject: string };

/** Form fields in the order they appear, to move focus to the first one at fault. */
const FIELD_ORDER = ['subject', 'category', 'description', 'externalRefs', 'followUpOf'] as const;

/**
 * The request body from what the requester typed: no priority, assignee or requester (a customer
 * creates for themselves: docs/product.md roles table); empty optional fields left out; their reference
 * (an order or appointment number) as `externalRefs.customerReference`; a follow-up linked by
 * `followUpOf`.
 */
export function toPortalTicketBody(
  values: PortalTicketValues,
  followUpOf: FollowUpOf | null,
): CreateTicketBody {
  const body: CreateTicketBody = { subject: values.subject, description: values.description };
  if (values.category) body.category = values.category;
  const externalRef = values.externalRef.trim();
  if (externalRef) body.externalRefs = { [CUSTOMER_REFERENCE_KEY]: externalRef };
  if (followUpOf) body.followUpOf = followUpOf.reference;
  return body;
}

type PortalCreateTicketFormProps = {
  followUpOf?: FollowUpOf | null;
  onSuccess: (ticket: CustomerTicket) => void;
  onCancel?: () => void;
};

/**
 * The portal's "new ticket" form (docs/product.md "Customers": subject, category, description,
 * attachments, optional external reference): checked with the API's own CreateTicketBodySchema
 * before sending, the category chosen from the organization's list (GET /api/categories), files
 * dropped, chosen or pasted into the description (sent with the ticket in one multipart request,
 * with a progress bar; a file the server refuses is said plainly and nothing is created).
 */
export function PortalCreateTicketForm({
  followUpOf = null,
  onSuccess,
  onCancel,
}: PortalCreateTicketFormProps) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<PortalTicketValues>(() => ({
    subject: followUpOf
      ? t('portal.newTicket.followUpSubject', { subject: followUpOf.subject }).slice(0, 200)
      : '',
    category: '',
    description: '',
    externalRef: '',
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const categories = useCategories();
  const draft = useAttachmentDraft();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const createTicket = useCreatePortalTicket({ onSuccess, onProgress: setProgress });

  function update<K extends keyof PortalTicketValues>(name: K, value: PortalTicketValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    const field = name === 'externalRef' ? 'externalRefs' : name;
    setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
  }

  /** Shows the form's field errors (its own check's or the server's) and focuses the first. */
  function showErrors(fieldErrors: FieldErrors) {
    setErrors(fieldErrors);
    focusFirstError(formRef.current, FIELD_ORDER, fieldErrors);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    createTicket.reset();
    const body = checkForm(
      CreateTicketBodySchema,
      toPortalTicketBody(values, followUpOf),
      t,
      showErrors,
    );
    if (!body) return;
    createTicket.mutate(
      { body, files: draft.files },
      {
        onError: (error) => {
          if (isApiError(error)) showErrors(error.fieldErrors);
        },
        onSettled: () => setProgress(null),
      },
    );
  }

  const hasFieldErrors = FIELD_ORDER.some((name) => errors[name] && name !== 'followUpOf');
  const serverError = createTicket.error;
  // A refused file is said next to the files (the server names it and what its content is).
  const fileError = serverError ? attachmentErrorMessage(serverError, t) : null;
  const unplacedError =
    serverError &&
    !fileError &&
    !(isApiError(serverError) && FIELD_ORDER.some((name) => serverError.fieldErrors[name]))
      ? errorMessage(serverError, t)
      : null;

  return (
    <form ref={formRef} className="form" onSubmit={handleSubmit} noValidate>
      {followUpOf ? (
        <Alert tone="info" title={t('portal.newTicket.followUpTitle')}>
          {t('portal.newTicket.followUpBody', {
            reference: followUpOf.reference,
            subject: followUpOf.subject,
          })}
        </Alert>
      ) : null}
      {hasFieldErrors ? <Alert tone="error">{t('portal.newTicket.fixErrors')}</Alert> : null}
      {unplacedError ? <Alert tone="error">{unplacedError}</Alert> : null}

      <TicketSubjectField
        label={t('portal.newTicket.subject')}
        error={errors.subject}
        value={values.subject}
        onChange={(value) => update('subject', value)}
      />

      <Field
        label={t('portal.newTicket.category')}
        hint={categories.isError ? t('portal.newTicket.categoriesError') : undefined}
        error={errors.category}
      >
        {(control) => (
          <select
            {...control}
            className="select"
            name="category"
            value={values.category}
            disabled={categories.isPending}
            onChange={(event) => update('category', event.target.value)}
          >
            <option value="">
              {categories.isPending ? t('common.loading') : t('portal.newTicket.noCategory')}
            </option>
            {(categories.data ?? []).map((category) => (
              <option key={category.id} value={category.name}>
                {category.name}
              </option>
            ))}
          </select>
        )}
      </Field>

      <TicketDescriptionField
        label={t('portal.newTicket.description')}
        hint={t('portal.newTicket.descriptionHint')}
        error={errors.description}
        value={values.description}
        onChange={(value) => update('description', value)}
        onPaste={draft.onPaste}
      />

      <Field
        label={t('portal.newTicket.externalRef')}
        hint={t('portal.newTicket.externalRefHint')}
        error={errors.externalRefs}
      >
        {(control) => (
          <input
            {...control}
            className="input"
            name="externalRefs"
            autoComplete="off"
            maxLength={200}
            value={values.externalRef}
            onChange={(event) => update('externalRef', event.target.value)}
          />
        )}
      </Field>

      {errors.followUpOf ? <Alert tone="error">{errors.followUpOf}</Alert> : null}

      <AttachmentPicker draft={draft} disabled={createTicket.isPending} />
      <UploadProgressBar progress={createTicket.isPending ? progress : null} />
      {fileError ? <Alert tone="error">{fileError}</Alert> : null}

      <div className="form__actions">
        <Button type="submit" disabled={createTicket.isPending}>
          {createTicket.isPending ? t('portal.newTicket.submitting') : t('portal.newTicket.submit')}
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            {t('portal.newTicket.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
