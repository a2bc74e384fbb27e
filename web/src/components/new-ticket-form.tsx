import type { UseMutationResult } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import {
  Controller,
  useForm,
  type FieldErrors as FormFieldErrors,
  type UseFormRegisterReturn,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { TICKET_PRIORITIES, type TicketPriority } from '@docket/server/contract/domain';
import { CreateTicketBodySchema, type CreateTicketBody } from '@docket/server/contract/tickets';
import {
  AttachmentPicker,
  UploadProgressBar,
  attachmentErrorMessage,
  useAttachmentDraft,
  type UploadProgress,
} from '@/components/attachments';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import type { CustomField } from '@docket/server/contract/custom-fields';
import { CustomFieldInputs, type CustomFieldDraft } from '@/components/custom-field-inputs';
import { isApiError } from '@/lib/api-client';
import { contractResolver } from '@/lib/contract-resolver';
import { customFieldErrors, toCustomFieldValue } from '@/lib/custom-fields';
import { errorMessage, focusFirstError, type FieldErrors } from '@/lib/form-errors';

/** The key of `externalRefs` under which the requester's own reference is filed. */
export const CUSTOMER_REFERENCE_KEY = 'customerReference';

/** The ticket a customer's new ticket follows up (one of their CLOSED tickets). */
export type FollowUpOf = { reference: string; subject: string };

/**
 * Who fills the form in, and so which fields it has (docs/product.md "Roles" and "Customers"):
 * staff give tags and, when `canSetPriority` (agents and admins), the priority and someone else
 * as requester; a customer creates for themselves, with their own reference and perhaps as the
 * follow-up of a closed ticket, and never sees a priority.
 */
export type NewTicketAudience =
  | {
      kind: 'staff';
      canSetPriority: boolean;
      /** The groups the ticket may be put in (GET /api/groups); none: no group field. */
      groups?: readonly { id: string; name: string }[];
    }
  | { kind: 'customer'; followUpOf: FollowUpOf | null };

/** What the form sends: the checked body, the files to attach, and the upload's progress. */
export type NewTicketInput = {
  body: CreateTicketBody;
  files: readonly File[];
  onProgress: (progress: UploadProgress) => void;
};

/** The create mutation of the page's feature (it caches the new ticket, refreshes the lists). */
export type NewTicketMutation = Pick<
  UseMutationResult<unknown, unknown, NewTicketInput>,
  'mutate' | 'isPending' | 'error' | 'reset'
>;

/** The organization's categories to choose from; `names` undefined while unknown. */
export type CategoryChoice = {
  names: readonly string[] | undefined;
  isPending: boolean;
  isError: boolean;
};

export type NewTicketValues = {
  subject: string;
  description: string;
  priority: TicketPriority;
  category: string;
  /** Staff: the group's id; empty: none chosen (restricted staff then get their first group). */
  groupId: string;
  tags: string;
  requesterName: string;
  requesterEmail: string;
  /** The customer's own reference (an order or appointment number). */
  externalRefs: string;
  /** Never typed: holds the server's message about the follow-up link. */
  followUpOf: string;
};

const FormValuesSchema = z.object({
  subject: z.string(),
  description: z.string(),
  priority: z.enum(TICKET_PRIORITIES),
  category: z.string(),
  groupId: z.string(),
  tags: z.string(),
  requesterName: z.string(),
  requesterEmail: z.string(),
  externalRefs: z.string(),
  followUpOf: z.string(),
});

/**
 * The request body from what was typed, for `audience`: empty optional fields left out, tags
 * split on commas; staff's priority and requester only when they may set them; a customer's
 * reference as `externalRefs.customerReference` and the follow-up as `followUpOf`.
 */
export function toCreateTicketBody(
  values: NewTicketValues,
  audience: NewTicketAudience,
): CreateTicketBody {
  const body: CreateTicketBody = { subject: values.subject, description: values.description };
  if (audience.kind === 'staff' && audience.canSetPriority) body.priority = values.priority;
  if (values.category.trim()) body.category = values.category;
  if (audience.kind === 'staff') {
    const tags = values.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    if (tags.length) body.tags = tags;
    if (values.groupId) body.groupId = values.groupId;
    if (audience.canSetPriority) {
      if (values.requesterName.trim()) body.requesterName = values.requesterName;
      if (values.requesterEmail.trim()) body.requesterEmail = values.requesterEmail.trim();
    }
  } else {
    const externalRef = values.externalRefs.trim();
    if (externalRef) body.externalRefs = { [CUSTOMER_REFERENCE_KEY]: externalRef };
    if (audience.followUpOf) body.followUpOf = audience.followUpOf.reference;
  }
  return body;
}

/** Fields in the order they appear, to move focus to the first one at fault. */
const FIELD_ORDER = {
  staff: [
    'subject',
    'description',
    'priority',
    'category',
    'groupId',
    'tags',
    'requesterName',
    'requesterEmail',
  ],
  customer: ['subject', 'category', 'description', 'externalRefs', 'followUpOf'],
} as const satisfies Record<NewTicketAudience['kind'], readonly (keyof NewTicketValues)[]>;

/** The radix Select reserves the empty value: the staff's "no category" choice. */
const NO_CATEGORY = 'none';
/** The same for "no group". */
const NO_GROUP = 'none';

/** The words of each audience's form. */
const TEXT = {
  staff: {
    subject: 'createTicket.subject',
    description: 'createTicket.description',
    category: 'createTicket.category',
    fixErrors: 'createTicket.fixErrors',
    submit: 'createTicket.submit',
    submitting: 'createTicket.submitting',
    cancel: 'createTicket.cancel',
  },
  customer: {
    subject: 'portal.newTicket.subject',
    description: 'portal.newTicket.description',
    category: 'portal.newTicket.category',
    fixErrors: 'portal.newTicket.fixErrors',
    submit: 'portal.newTicket.submit',
    submitting: 'portal.newTicket.submitting',
    cancel: 'portal.newTicket.cancel',
  },
} as const;

type NewTicketFormProps = {
  audience: NewTicketAudience;
  categories: CategoryChoice;
  mutation: NewTicketMutation;
  onCancel?: () => void;
  /** The custom fields to fill (docs/product.md "Custom fields"; customers: the editable ones). */
  customFields?: readonly CustomField[];
};

/**
 * The one "new ticket" form of the dashboard and the portal (react-hook-form): checked before
 * sending with the API's own CreateTicketBodySchema (so the rules cannot drift from the
 * server's), the server's problem `errors[]` shown on the fields they name and anything else as
 * one message, files dropped, chosen or pasted into the description and sent with the ticket in
 * one multipart request with a progress bar. The fields follow `audience`.
 */
export function NewTicketForm({
  audience,
  categories,
  mutation,
  onCancel,
  customFields = [],
}: NewTicketFormProps) {
  const { t } = useTranslation();
  const [customValues, setCustomValues] = useState<CustomFieldDraft>({});
  const formRef = useRef<HTMLFormElement>(null);
  const draft = useAttachmentDraft();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const text = TEXT[audience.kind];
  const fieldOrder: readonly (keyof NewTicketValues)[] = FIELD_ORDER[audience.kind];
  const followUpOf = audience.kind === 'customer' ? audience.followUpOf : null;

  const resolver = useMemo(
    () =>
      contractResolver(
        FormValuesSchema.transform((values) => toCreateTicketBody(values, audience)).pipe(
          CreateTicketBodySchema,
        ),
        t,
      ),
    [audience, t],
  );
  const form = useForm<NewTicketValues, unknown, CreateTicketBody>({
    resolver,
    defaultValues: {
      subject: followUpOf
        ? t('portal.newTicket.followUpSubject', { subject: followUpOf.subject }).slice(0, 200)
        : '',
      description: '',
      priority: 'MEDIUM',
      category: '',
      groupId: '',
      tags: '',
      requesterName: '',
      requesterEmail: '',
      externalRefs: '',
      followUpOf: '',
    },
    // Errors stay until the next submit, except a field's own, which editing it answers.
    reValidateMode: 'onSubmit',
    // Focus goes to the first field at fault in the order shown (a radix Select's trigger too).
    shouldFocusError: false,
  });
  const { errors } = form.formState;

  /** Registers a text control; editing it clears its error. */
  const register = (name: keyof NewTicketValues) =>
    form.register(name, { onChange: () => form.clearErrors(name) });

  function messages(fieldErrors: FormFieldErrors<NewTicketValues>): FieldErrors {
    return Object.fromEntries(fieldOrder.map((name) => [name, fieldErrors[name]?.message]));
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    mutation.reset();
    void form.handleSubmit(
      (body) =>
        mutation.mutate(
          {
            body: withCustomFields(body, customFields, customValues),
            files: draft.files,
            onProgress: setProgress,
          },
          {
            onSettled: () => setProgress(null),
            onError: (error) => {
              if (!isApiError(error)) return;
              const placed = fieldOrder.filter((name) => error.fieldErrors[name]);
              for (const name of placed) {
                form.setError(name, { type: 'server', message: error.fieldErrors[name] });
              }
              focusFirstError(formRef.current, fieldOrder, error.fieldErrors);
            },
          },
        ),
      (fieldErrors) => focusFirstError(formRef.current, fieldOrder, messages(fieldErrors)),
    )(event);
  }

  const hasFieldErrors = fieldOrder.some((name) => name !== 'followUpOf' && errors[name]);
  const serverError = mutation.error;
  // A refused file is said with the files (the server names it and what its content is) for a
  // customer, and with the other unplaced errors for staff.
  const fileError = serverError ? attachmentErrorMessage(serverError, t) : null;
  const customErrors = customFieldErrors(serverError);
  const placedError =
    isApiError(serverError) &&
    (fieldOrder.some((name) => serverError.fieldErrors[name]) ||
      Object.keys(customErrors).length > 0);
  const customFieldInputs = customFields.length ? (
    <CustomFieldInputs
      fields={customFields}
      values={customValues}
      onChange={(key, value) => setCustomValues((values) => ({ ...values, [key]: value }))}
      errors={customErrors}
      disabled={mutation.isPending}
    />
  ) : null;
  const unplacedError =
    serverError && !placedError
      ? audience.kind === 'staff'
        ? (fileError ?? errorMessage(serverError, t))
        : fileError
          ? null
          : errorMessage(serverError, t)
      : null;

  const categoryNames = categories.names ?? [];

  const subjectField = (
    <Field label={t(text.subject)} error={errors.subject?.message} required>
      {(control) => (
        <input {...control} {...register('subject')} className="input" required maxLength={200} />
      )}
    </Field>
  );
  const descriptionField = (
    <Field
      label={t(text.description)}
      hint={audience.kind === 'customer' ? t('portal.newTicket.descriptionHint') : undefined}
      error={errors.description?.message}
      required
    >
      {(control) => (
        <textarea
          {...control}
          {...register('description')}
          className="textarea"
          required
          rows={8}
          maxLength={5000}
          onPaste={draft.onPaste}
        />
      )}
    </Field>
  );

  if (audience.kind === 'customer') {
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
        {hasFieldErrors ? <Alert tone="error">{t(text.fixErrors)}</Alert> : null}
        {unplacedError ? <Alert tone="error">{unplacedError}</Alert> : null}

        {subjectField}

        <Field
          label={t(text.category)}
          hint={categories.isError ? t('portal.newTicket.categoriesError') : undefined}
          error={errors.category?.message}
        >
          {(control) => (
            <select
              {...control}
              {...register('category')}
              className="select"
              disabled={categories.isPending}
            >
              <option value="">
                {categories.isPending ? t('common.loading') : t('portal.newTicket.noCategory')}
              </option>
              {categoryNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>

        {descriptionField}

        {customFieldInputs}

        <TextField
          field={register('externalRefs')}
          label={t('portal.newTicket.externalRef')}
          hint={t('portal.newTicket.externalRefHint')}
          error={errors.externalRefs?.message}
          maxLength={200}
        />

        {errors.followUpOf ? <Alert tone="error">{errors.followUpOf.message}</Alert> : null}

        <AttachmentPicker draft={draft} disabled={mutation.isPending} />
        <UploadProgressBar progress={mutation.isPending ? progress : null} />
        {fileError ? <Alert tone="error">{fileError}</Alert> : null}

        <FormActions
          pending={mutation.isPending}
          submit={t(text.submit)}
          submitting={t(text.submitting)}
          cancel={t(text.cancel)}
          onCancel={onCancel}
        />
      </form>
    );
  }

  return (
    <form ref={formRef} className="form" onSubmit={handleSubmit} noValidate>
      {hasFieldErrors ? <Alert tone="error">{t(text.fixErrors)}</Alert> : null}
      {unplacedError ? <Alert tone="error">{unplacedError}</Alert> : null}

      {subjectField}
      {descriptionField}

      <div className="form__row">
        {audience.canSetPriority ? (
          <Field label={t('createTicket.priority')} error={errors.priority?.message}>
            {(control) => (
              <select {...control} {...register('priority')} className="select">
                {TICKET_PRIORITIES.map((priority) => (
                  <option key={priority} value={priority}>
                    {t(`priority.${priority}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}

        {/* While the categories are unknown (or none are set up) the name is typed, and the
            server checks it (400 on `category`). */}
        <Field
          label={t(text.category)}
          hint={t('createTicket.categoryHint')}
          error={errors.category?.message}
        >
          {(control) =>
            categoryNames.length ? (
              <Controller
                control={form.control}
                name="category"
                render={({ field }) => (
                  <Select
                    {...control}
                    name={field.name}
                    value={field.value || NO_CATEGORY}
                    onValueChange={(value) => {
                      field.onChange(value === NO_CATEGORY ? '' : value);
                      form.clearErrors('category');
                    }}
                    options={[
                      { value: NO_CATEGORY, label: t('ticketPage.controls.noCategory') },
                      ...categoryNames.map((name) => ({ value: name, label: name })),
                    ]}
                  />
                )}
              />
            ) : (
              <input {...control} {...register('category')} className="input" maxLength={100} />
            )
          }
        </Field>
      </div>

      {/* The team that owns it: routing places it with one of its members (docs/product.md
          "Groups and routing"). */}
      {audience.groups?.length ? (
        <Field
          label={t('ticketPage.controls.group')}
          hint={t('createTicket.groupHint')}
          error={errors.groupId?.message}
        >
          {(control) => (
            <Controller
              control={form.control}
              name="groupId"
              render={({ field }) => (
                <Select
                  {...control}
                  name={field.name}
                  value={field.value || NO_GROUP}
                  onValueChange={(value) => {
                    field.onChange(value === NO_GROUP ? '' : value);
                    form.clearErrors('groupId');
                  }}
                  options={[
                    { value: NO_GROUP, label: t('ticketPage.controls.noGroup') },
                    ...audience.groups!.map((group) => ({ value: group.id, label: group.name })),
                  ]}
                />
              )}
            />
          )}
        </Field>
      ) : null}

      {customFieldInputs}

      <TextField
        field={register('tags')}
        label={t('createTicket.tags')}
        hint={t('createTicket.tagsHint')}
        error={errors.tags?.message}
        autoComplete={undefined}
      />

      {audience.canSetPriority ? (
        <fieldset className="form__group">
          <legend className="form__legend">{t('createTicket.requester')}</legend>
          <p className="field__hint">{t('createTicket.requesterHint')}</p>
          <div className="form__row">
            <TextField
              field={register('requesterName')}
              label={t('createTicket.requesterName')}
              error={errors.requesterName?.message}
              maxLength={200}
            />
            <TextField
              field={register('requesterEmail')}
              label={t('createTicket.requesterEmail')}
              error={errors.requesterEmail?.message}
              type="email"
              maxLength={254}
            />
          </div>
        </fieldset>
      ) : null}

      <fieldset className="form__group">
        <legend className="form__legend">{t('attachments.heading')}</legend>
        <AttachmentPicker draft={draft} disabled={mutation.isPending} />
      </fieldset>
      <UploadProgressBar progress={mutation.isPending ? progress : null} />

      <FormActions
        pending={mutation.isPending}
        submit={t(text.submit)}
        submitting={t(text.submitting)}
        cancel={t(text.cancel)}
        onCancel={onCancel}
      />
    </form>
  );
}

/** The submit button (its label says when the ticket is being sent) and, when given, cancel. */
/**
 * One text input registered with the form (`field` is `register(name)`), inside its labelled
 * `Field` with hint and error. `autoComplete` defaults to off: these are facts about the ticket,
 * not the person typing.
 */
function TextField({
  field,
  label,
  hint,
  error,
  type = 'text',
  maxLength,
  autoComplete = 'off',
}: {
  field: UseFormRegisterReturn;
  label: string;
  hint?: string;
  error: string | undefined;
  type?: 'text' | 'email';
  maxLength?: number;
  autoComplete?: string | undefined;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <input
          {...control}
          {...field}
          className="input"
          type={type}
          autoComplete={autoComplete}
          maxLength={maxLength}
        />
      )}
    </Field>
  );
}

function FormActions({
  pending,
  submit,
  submitting,
  cancel,
  onCancel,
}: {
  pending: boolean;
  submit: string;
  submitting: string;
  cancel: string;
  onCancel: (() => void) | undefined;
}) {
  return (
    <div className="form__actions">
      <Button type="submit" disabled={pending}>
        {pending ? submitting : submit}
      </Button>
      {onCancel ? (
        <Button variant="ghost" onClick={onCancel}>
          {cancel}
        </Button>
      ) : null}
    </div>
  );
}

/** `body` with the filled custom fields (empty ones left out), as the API types them. */
function withCustomFields(
  body: CreateTicketBody,
  fields: readonly CustomField[],
  values: CustomFieldDraft,
): CreateTicketBody {
  const customFields: Record<string, unknown> = {};
  for (const field of fields) {
    const value = toCustomFieldValue(field, values[field.key]);
    if (value !== null) customFields[field.key] = value;
  }
  return Object.keys(customFields).length ? { ...body, customFields } : body;
}
