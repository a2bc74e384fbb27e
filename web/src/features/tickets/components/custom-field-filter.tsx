import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '@docket/server/contract/custom-fields';
import { customFieldLabel, useCustomFields } from '@/lib/custom-fields';
import type { CustomFieldFilter as Filter } from '../utils/list-search-params';

type CustomFieldFilterProps = {
  value: Filter | null;
  onChange: (value: Filter | null) => void;
};

/**
 * The ticket list's "Custom field" filter (docs/product.md "Custom fields"; API `cf.<key>=<value>`):
 * a field among those the viewer may see (`GET /api/custom-fields`: customers get the
 * customer-visible ones), then its value — a list of the options for select, multi_select
 * ("holds the option") and yes/no fields, a date picker for dates, a box for text and numbers
 * applied with Enter or on leaving it. Choosing "Any field" removes the filter. Nothing shows
 * when the organization has no custom fields. Give it a `key` of the applied filter, so that a
 * change from outside (clearing the filters, a view) starts it afresh.
 */
export function CustomFieldFilter({ value, onChange }: CustomFieldFilterProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const fields = useCustomFields().data?.data ?? [];
  const [key, setKey] = useState(value?.key ?? '');
  const [draft, setDraft] = useState(value?.value ?? '');
  if (!fields.length && !value) return null;
  const field = fields.find((f) => f.key === key);

  function apply(next: string) {
    const text = next.trim();
    if (!key || !text) {
      if (value) onChange(null);
      return;
    }
    if (value?.key !== key || value.value !== text) onChange({ key, value: text });
  }

  function chooseField(next: string) {
    setKey(next);
    setDraft('');
    if (!next && value) onChange(null);
  }

  return (
    <>
      <div className="filters__control">
        <label htmlFor={`${id}-field`}>{t('ticketFilters.customField')}</label>
        <select
          id={`${id}-field`}
          className="select"
          value={key}
          onChange={(event) => chooseField(event.target.value)}
        >
          <option value="">{t('ticketFilters.customFieldAny')}</option>
          {fields.map((f) => (
            <option key={f.key} value={f.key}>
              {customFieldLabel(f, i18n.language)}
            </option>
          ))}
          {key && !field ? <option value={key}>{key}</option> : null}
        </select>
      </div>
      {key ? (
        <div className="filters__control">
          <label htmlFor={`${id}-value`}>{t('ticketFilters.customFieldValue')}</label>
          <ValueControl
            id={`${id}-value`}
            field={field}
            draft={draft}
            onDraft={setDraft}
            onApply={(next) => {
              setDraft(next);
              apply(next);
            }}
          />
        </div>
      ) : null}
    </>
  );
}

/** The value's control for `field`'s type (a text box when the field is unknown here). */
function ValueControl({
  id,
  field,
  draft,
  onDraft,
  onApply,
}: {
  id: string;
  field: CustomField | undefined;
  draft: string;
  onDraft: (value: string) => void;
  onApply: (value: string) => void;
}) {
  const { t } = useTranslation();
  const choices: { value: string; label: string }[] | null =
    field?.type === 'select' || field?.type === 'multi_select'
      ? field.options.map((option) => ({ value: option, label: option }))
      : field?.type === 'boolean'
        ? [
            { value: 'true', label: t('customFields.yes') },
            { value: 'false', label: t('customFields.no') },
          ]
        : null;
  if (choices) {
    return (
      <select
        id={id}
        className="select"
        value={draft}
        onChange={(event) => onApply(event.target.value)}
      >
        <option value="">{t('ticketFilters.customFieldChoose')}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
        {draft && !choices.some((c) => c.value === draft) ? (
          <option value={draft}>{draft}</option>
        ) : null}
      </select>
    );
  }
  if (field?.type === 'date') {
    return (
      <input
        id={id}
        type="date"
        className="input"
        value={draft}
        onChange={(event) => onApply(event.target.value)}
      />
    );
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onApply(draft);
    }
  };
  return (
    <>
      <input
        id={id}
        type={field?.type === 'number' ? 'number' : 'text'}
        className="input"
        maxLength={200}
        value={draft}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onDraft(event.target.value)}
        onBlur={() => onApply(draft)}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-hint`} className="field__hint">
        {t('ticketFilters.customFieldHint')}
      </p>
    </>
  );
}
