import { useTranslation } from 'react-i18next';
import type { CustomField } from '@docket/server/contract/custom-fields';
import { Field } from '@/components/ui/field';
import { customFieldLabel } from '@/lib/custom-fields';

/** Form values of custom fields by key: text of inputs, booleans, arrays of options. */
export type CustomFieldDraft = Record<string, unknown>;

type CustomFieldInputsProps = {
  fields: readonly CustomField[];
  values: CustomFieldDraft;
  onChange: (key: string, value: unknown) => void;
  /** The server's messages by key (its problem errors name `customFields.<key>`). */
  errors?: Readonly<Record<string, string | undefined>>;
  disabled?: boolean;
};

/**
 * One labelled control per custom field (docs/product.md "Custom fields"), in the viewer's
 * language: a text input, a number input, a checkbox, a date input, a select of the options or a
 * group of checkboxes (multi_select). Used by the new-ticket forms and the ticket page's panel.
 */
export function CustomFieldInputs({
  fields,
  values,
  onChange,
  errors = {},
  disabled,
}: CustomFieldInputsProps) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {fields.map((field) => {
        const label = customFieldLabel(field, i18n.language);
        const value = values[field.key];
        const error = errors[field.key];
        if (field.type === 'multi_select') {
          const chosen = Array.isArray(value) ? (value as string[]) : [];
          return (
            <fieldset
              key={field.key}
              className="form__group"
              aria-invalid={error ? true : undefined}
            >
              <legend className="form__legend">
                {label}
                {field.required ? <span aria-hidden="true">{' *'}</span> : null}
              </legend>
              {field.options.map((option) => (
                <label key={option} className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosen.includes(option)}
                    disabled={disabled}
                    onChange={(e) =>
                      onChange(
                        field.key,
                        e.target.checked ? [...chosen, option] : chosen.filter((o) => o !== option),
                      )
                    }
                  />{' '}
                  {option}
                </label>
              ))}
              {error ? <p className="field__error">{error}</p> : null}
            </fieldset>
          );
        }
        if (field.type === 'boolean') {
          return (
            <Field key={field.key} label={label} error={error} required={field.required}>
              {(control) => (
                <input
                  {...control}
                  type="checkbox"
                  checked={value === true}
                  disabled={disabled}
                  onChange={(e) => onChange(field.key, e.target.checked)}
                />
              )}
            </Field>
          );
        }
        return (
          <Field key={field.key} label={label} error={error} required={field.required}>
            {(control) =>
              field.type === 'select' ? (
                <select
                  {...control}
                  className="select"
                  value={typeof value === 'string' ? value : ''}
                  disabled={disabled}
                  onChange={(e) => onChange(field.key, e.target.value)}
                >
                  <option value="">{t('customFields.none')}</option>
                  {field.options.map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  {...control}
                  className="input"
                  type={
                    field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'
                  }
                  step={field.type === 'number' ? 'any' : undefined}
                  maxLength={field.type === 'text' ? 2000 : undefined}
                  value={value === undefined || value === null ? '' : String(value)}
                  disabled={disabled}
                  onChange={(e) => onChange(field.key, e.target.value)}
                />
              )
            }
          </Field>
        );
      })}
    </>
  );
}

/** A stored value as text: yes/no, options joined by commas, the rest as written. */
export function CustomFieldValueText({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === true) return <>{t('customFields.yes')}</>;
  if (value === false) return <>{t('customFields.no')}</>;
  if (Array.isArray(value)) return <>{value.join(', ')}</>;
  if (value === undefined || value === null || value === '') return <>—</>;
  return <>{String(value)}</>;
}
