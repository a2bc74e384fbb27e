import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CUSTOM_FIELD_TYPES,
  type CustomField,
  type CustomFieldType,
} from '@docket/server/contract/custom-fields';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DataTable } from '@/components/ui/data-table';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { errorMessage, formErrors } from '@/lib/form-errors';
import { customFieldLabel, useCustomFields } from '@/lib/custom-fields';
import {
  useCreateCustomField,
  useDeleteCustomField,
  useUpdateCustomField,
} from '../api/custom-fields';

/** What the definition form holds; options one per line. */
type Draft = {
  key: string;
  labelEn: string;
  labelFr: string;
  type: CustomFieldType;
  options: string;
  required: boolean;
  customerVisible: boolean;
  customerEditable: boolean;
};

const EMPTY: Draft = {
  key: '',
  labelEn: '',
  labelFr: '',
  type: 'text',
  options: '',
  required: false,
  customerVisible: false,
  customerEditable: false,
};

const draftOf = (field: CustomField): Draft => ({
  key: field.key,
  labelEn: field.label.en,
  labelFr: field.label.fr,
  type: field.type,
  options: field.options.join('\n'),
  required: field.required,
  customerVisible: field.customerVisible,
  customerEditable: field.customerEditable,
});

const hasOptions = (type: CustomFieldType) => type === 'select' || type === 'multi_select';

/** The request body of a draft: options only for select types, trimmed, blank lines left out. */
function bodyOf(draft: Draft) {
  return {
    label: { en: draft.labelEn.trim(), fr: draft.labelFr.trim() },
    options: hasOptions(draft.type)
      ? draft.options
          .split('\n')
          .map((o) => o.trim())
          .filter(Boolean)
      : [],
    required: draft.required,
    customerVisible: draft.customerVisible || draft.customerEditable,
    customerEditable: draft.customerEditable,
  };
}

const FORM_FIELDS = ['key', 'label', 'type', 'options', 'customerVisible'] as const;

/**
 * The admins' custom fields page (docs/product.md "Custom fields"): the definitions in order with
 * their type and flags; add one, edit one (the key and type are fixed once created), delete one.
 */
export function CustomFieldsAdmin() {
  const { t, i18n } = useTranslation();
  const fields = useCustomFields();
  const remove = useDeleteCustomField();
  return (
    <>
      <CreateCustomFieldForm />
      <Card title={t('customFields.admin.listTitle')}>
        {fields.isPending ? <Loading /> : null}
        {fields.isError ? <Alert tone="error">{errorMessage(fields.error, t)}</Alert> : null}
        {fields.data ? (
          <DataTable
            caption={t('customFields.admin.listTitle')}
            hideCaption
            rows={fields.data.data}
            rowKey={(field) => field.id}
            empty={t('customFields.admin.empty')}
            columns={[
              {
                key: 'label',
                header: t('customFields.admin.label'),
                rowHeader: true,
                cell: (field) => customFieldLabel(field, i18n.language),
              },
              { key: 'key', header: t('customFields.admin.key'), cell: (field) => field.key },
              {
                key: 'type',
                header: t('customFields.admin.type'),
                cell: (field) => t(`customFields.types.${field.type}`),
              },
              {
                key: 'flags',
                header: t('customFields.admin.flags'),
                cell: (field) => (
                  <span className="admin-row-actions">
                    {field.required ? (
                      <Badge tone="warning">{t('customFields.admin.required')}</Badge>
                    ) : null}
                    {field.customerEditable ? (
                      <Badge tone="success">{t('customFields.admin.customerEditable')}</Badge>
                    ) : field.customerVisible ? (
                      <Badge tone="info">{t('customFields.admin.customerVisible')}</Badge>
                    ) : (
                      <Badge tone="neutral">{t('customFields.admin.staffOnly')}</Badge>
                    )}
                  </span>
                ),
              },
              {
                key: 'actions',
                header: t('admin.common.actions'),
                cell: (field) => {
                  const name = customFieldLabel(field, i18n.language);
                  return (
                    <span className="admin-row-actions">
                      <EditCustomFieldDialog field={field} />
                      <ConfirmDialog
                        trigger={t('customFields.admin.delete')}
                        triggerLabel={t('customFields.admin.deleteNamed', { name })}
                        title={t('customFields.admin.deleteTitle', { name })}
                        description={t('customFields.admin.deleteBody')}
                        confirmLabel={t('customFields.admin.delete')}
                        onConfirm={() => remove.mutateAsync(field.id)}
                      />
                    </span>
                  );
                },
              },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}

/** "New custom field": the whole definition. */
function CreateCustomFieldForm() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const create = useCreateCustomField();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      { key: draft.key.trim(), type: draft.type, ...bodyOf(draft) },
      {
        onSuccess: (field) => {
          setDraft(EMPTY);
          toast({ tone: 'success', title: t('customFields.admin.created', { key: field.key }) });
        },
      },
    );
  }
  const { fieldError, generalError } = formErrors({}, create.error, FORM_FIELDS, t);
  return (
    <form className="card admin-form" onSubmit={handleSubmit} noValidate>
      <h2 className="card__title">{t('customFields.admin.createTitle')}</h2>
      <DefinitionFields draft={draft} onChange={setDraft} fieldError={fieldError} isNew />
      {generalError ? <Alert tone="error">{generalError}</Alert> : null}
      <div className="admin-form__actions">
        <Button type="submit" disabled={create.isPending}>
          {t('customFields.admin.create')}
        </Button>
      </div>
    </form>
  );
}

/** "Edit": labels, options and flags of a definition in a dialog. */
function EditCustomFieldDialog({ field }: { field: CustomField }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(field));
  const update = useUpdateCustomField();
  const name = customFieldLabel(field, i18n.language);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = bodyOf(draft);
    update.mutate(
      { id: field.id, body: hasOptions(field.type) ? body : { ...body, options: undefined } },
      { onSuccess: () => setOpen(false) },
    );
  }
  const { fieldError, generalError } = formErrors({}, update.error, FORM_FIELDS, t);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setDraft(draftOf(field));
          update.reset();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary" aria-label={t('customFields.admin.editNamed', { name })}>
          {t('customFields.admin.edit')}
        </Button>
      </DialogTrigger>
      <DialogContent title={t('customFields.admin.editTitle', { name })}>
        <form className="form" onSubmit={handleSubmit} noValidate>
          <DefinitionFields draft={draft} onChange={setDraft} fieldError={fieldError} />
          {generalError ? <Alert tone="error">{generalError}</Alert> : null}
          <div className="admin-dialog__actions">
            <DialogClose asChild>
              <Button variant="ghost">{t('admin.common.cancel')}</Button>
            </DialogClose>
            <Button type="submit" disabled={update.isPending}>
              {t('customFields.admin.save')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The definition's inputs; the key and type only for a new one. */
function DefinitionFields({
  draft,
  onChange,
  fieldError,
  isNew = false,
}: {
  draft: Draft;
  onChange: (draft: Draft) => void;
  fieldError: (field: string) => string | undefined;
  isNew?: boolean;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    onChange({ ...draft, [key]: value });
  return (
    <>
      <div className="admin-form__row">
        <Field
          label={t('customFields.admin.key')}
          hint={t('customFields.admin.keyHint')}
          error={fieldError('key')}
          required
        >
          {(control) => (
            <input
              {...control}
              className="input"
              value={draft.key}
              maxLength={40}
              disabled={!isNew}
              onChange={(e) => set('key', e.target.value)}
            />
          )}
        </Field>
        <Field label={t('customFields.admin.type')} error={fieldError('type')} required>
          {(control) => (
            <select
              {...control}
              className="select"
              value={draft.type}
              disabled={!isNew}
              onChange={(e) => set('type', e.target.value as CustomFieldType)}
            >
              {CUSTOM_FIELD_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`customFields.types.${type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="admin-form__row">
        <Field label={t('customFields.admin.labelEn')} error={fieldError('label')} required>
          {(control) => (
            <input
              {...control}
              className="input"
              value={draft.labelEn}
              maxLength={100}
              onChange={(e) => set('labelEn', e.target.value)}
            />
          )}
        </Field>
        <Field label={t('customFields.admin.labelFr')} required>
          {(control) => (
            <input
              {...control}
              className="input"
              value={draft.labelFr}
              maxLength={100}
              onChange={(e) => set('labelFr', e.target.value)}
            />
          )}
        </Field>
      </div>
      {hasOptions(draft.type) ? (
        <Field
          label={t('customFields.admin.options')}
          hint={t('customFields.admin.optionsHint')}
          error={fieldError('options')}
          required
        >
          {(control) => (
            <textarea
              {...control}
              className="textarea"
              rows={4}
              value={draft.options}
              onChange={(e) => set('options', e.target.value)}
            />
          )}
        </Field>
      ) : null}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.required}
          onChange={(e) => set('required', e.target.checked)}
        />{' '}
        {t('customFields.admin.required')}
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.customerVisible || draft.customerEditable}
          disabled={draft.customerEditable}
          onChange={(e) => set('customerVisible', e.target.checked)}
        />{' '}
        {t('customFields.admin.customerVisible')}
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.customerEditable}
          onChange={(e) => set('customerEditable', e.target.checked)}
        />{' '}
        {t('customFields.admin.customerEditable')}
      </label>
      {fieldError('customerVisible') ? (
        <p className="field__error">{fieldError('customerVisible')}</p>
      ) : null}
    </>
  );
}
