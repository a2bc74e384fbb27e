import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CreateTicketBodySchema,
  TICKET_PRIORITIES,
  type AnyTicket,
  type CreateTicketBody,
  type TicketPriority,
} from '@docket/server/contract';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { isApiError } from '@/lib/api-client';
import { errorMessage, checkForm, focusFirstError, type FieldErrors } from '@/lib/form-errors';
import {
  AttachmentPicker,
  UploadProgressBar,
  attachmentErrorMessage,
  useAttachmentDraft,
  type UploadProgress,
} from '@/components/attachments';
import { useCreateTicket } from '../api/create-ticket';
import { useCategories } from '../api/get-ticket-options';
import { TicketDescriptionField, TicketSubjectField } from '@/components/ticket-text-fields';

/** The "no category" choice of the category list (radix Select reserves the empty value). */
const NO_CATEGORY = 'none';

type FormValues = {
  subject: string;
  description: string;
  priority: TicketPriority;
  category: string;
  tags: string;
  requesterName: string;
  requesterEmail: string;
};

const EMPTY: FormValues = {
  subject: '',
  description: '',
  priority: 'MEDIUM',
  category: '',
  tags: '',
  requesterName: '',
  requesterEmail: '',
};

/** Form fields in the order they appear, to move focus to the first one at fault. */
const FIELD_ORDER = [
  'subject',
  'description',
  'priority',
  'category',
  'tags',
  'requesterName',
  'requesterEmail',
] as const;

type CreateTicketFormProps = {
  /** Agents and admins set the priority and may file for someone else; customers do neither. */
  isAgent: boolean;
  onSuccess: (ticket: AnyTicket) => void;
  onCancel?: () => void;
};

/** The request body from what was typed: empty optional fields are left out, tags are split. */
export function toCreateTicketBody(values: FormValues, isAgent: boolean): CreateTicketBody {
  const body: CreateTicketBody = { subject: values.subject, description: values.description };
  if (isAgent) body.priority = values.priority;
  if (values.category.trim()) body.category = values.category;
  const tags = values.tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  if (tags.length) body.tags = tags;
  if (isAgent) {
    if (values.requesterName.trim()) body.requesterName = values.requesterName;
    if (values.requesterEmail.trim()) body.requesterEmail = values.requesterEmail.trim();
  }
  return body;
}

export function CreateTicketForm({ isAgent, onSuccess, onCancel }: CreateTicketFormProps) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<FormValues>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const draft = useAttachmentDraft();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const createTicket = useCreateTicket({ onSuccess, onProgress: setProgress });
  // The organization's categories, to pick from; while they are unknown (or none are set up) the
  // name is typed, and the server checks it (400 on `category`).
  const categories = useCategories();
  const categoryNames = categories.data?.data.map((category) => category.name) ?? [];

  function update<K extends keyof FormValues>(name: K, value: FormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    // Editing a field answers its error; the others stay until the next submit.
    setErrors((current) => (current[name] ? { ...current, [name]: undefined } : current));
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
      toCreateTicketBody(values, isAgent),
      t,
      showErrors,
    );
    if (!body) return;
    createTicket.mutate(
      { ...body, files: draft.files },
      {
        onSettled: () => setProgress(null),
        onError: (error) => {
          if (isApiError(error)) showErrors(error.fieldErrors);
        },
      },
    );
  }

  const hasFieldErrors = FIELD_ORDER.some((name) => errors[name]);
  // A server error that names no field of this form (or none at all) is shown as a whole.
  const serverError = createTicket.error;
  const unplacedError =
    serverError &&
    !(isApiError(serverError) && FIELD_ORDER.some((name) => serverError.fieldErrors[name]))
      ? (attachmentErrorMessage(serverError, t) ?? errorMessage(serverError, t))
      : null;

  return (
    <form ref={formRef} className="form" onSubmit={handleSubmit} noValidate>
      {hasFieldErrors ? <Alert tone="error">{t('createTicket.fixErrors')}</Alert> : null}
      {unplacedError ? <Alert tone="error">{unplacedError}</Alert> : null}

      <TicketSubjectField
        label={t('createTicket.subject')}
        error={errors.subject}
        value={values.subject}
        onChange={(value) => update('subject', value)}
      />

      <TicketDescriptionField
        label={t('createTicket.description')}
        error={errors.description}
        value={values.description}
        onChange={(value) => update('description', value)}
        onPaste={draft.onPaste}
      />

      <div className="form__row">
        {isAgent ? (
          <Field label={t('createTicket.priority')} error={errors.priority}>
            {(control) => (
              <select
                {...control}
                className="select"
                name="priority"
                value={values.priority}
                onChange={(event) => {
                  const priority = TICKET_PRIORITIES.find((p) => p === event.target.value);
                  if (priority) update('priority', priority);
                }}
              >
                {TICKET_PRIORITIES.map((priority) => (
                  <option key={priority} value={priority}>
                    {t(`priority.${priority}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}

        <Field
          label={t('createTicket.category')}
          hint={t('createTicket.categoryHint')}
          error={errors.category}
        >
          {(control) =>
            categoryNames.length ? (
              <Select
                {...control}
                name="category"
                value={values.category || NO_CATEGORY}
                onValueChange={(value) => update('category', value === NO_CATEGORY ? '' : value)}
                options={[
                  { value: NO_CATEGORY, label: t('ticketPage.controls.noCategory') },
                  ...categoryNames.map((name) => ({ value: name, label: name })),
                ]}
              />
            ) : (
              <input
                {...control}
                className="input"
                name="category"
                maxLength={100}
                value={values.category}
                onChange={(event) => update('category', event.target.value)}
              />
            )
          }
        </Field>
      </div>

      <Field label={t('createTicket.tags')} hint={t('createTicket.tagsHint')} error={errors.tags}>
        {(control) => (
          <input
            {...control}
            className="input"
            name="tags"
            value={values.tags}
            onChange={(event) => update('tags', event.target.value)}
          />
        )}
      </Field>

      {isAgent ? (
        <fieldset className="form__group">
          <legend className="form__legend">{t('createTicket.requester')}</legend>
          <p className="field__hint">{t('createTicket.requesterHint')}</p>
          <div className="form__row">
            <Field label={t('createTicket.requesterName')} error={errors.requesterName}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  name="requesterName"
                  autoComplete="off"
                  maxLength={200}
                  value={values.requesterName}
                  onChange={(event) => update('requesterName', event.target.value)}
                />
              )}
            </Field>
            <Field label={t('createTicket.requesterEmail')} error={errors.requesterEmail}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  name="requesterEmail"
                  type="email"
                  autoComplete="off"
                  maxLength={254}
                  value={values.requesterEmail}
                  onChange={(event) => update('requesterEmail', event.target.value)}
                />
              )}
            </Field>
          </div>
        </fieldset>
      ) : null}

      <fieldset className="form__group">
        <legend className="form__legend">{t('attachments.heading')}</legend>
        <AttachmentPicker draft={draft} disabled={createTicket.isPending} />
      </fieldset>
      <UploadProgressBar progress={createTicket.isPending ? progress : null} />

      <div className="form__actions">
        <Button type="submit" disabled={createTicket.isPending}>
          {createTicket.isPending ? t('createTicket.submitting') : t('createTicket.submit')}
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            {t('createTicket.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
