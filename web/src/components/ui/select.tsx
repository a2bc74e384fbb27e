import { Select as RadixSelect } from 'radix-ui';
import type { ReactNode } from 'react';
import { CheckIcon, ChevronDownIcon } from './icons';

export type SelectOption = {
  value: string;
  label: ReactNode;
  disabled?: boolean;
};

type SelectProps = {
  /** Id of the trigger, so a `<label htmlFor>` (e.g. from `<Field>`) names it. */
  id?: string;
  value: string | undefined;
  onValueChange: (value: string) => void;
  options: SelectOption[];
  /** Shown while nothing is chosen. */
  placeholder?: ReactNode;
  /** When there is no visible `<label>`. */
  'aria-label'?: string;
  'aria-describedby'?: string | undefined;
  'aria-invalid'?: boolean | undefined;
  disabled?: boolean;
  /** `compact` for toolbars. */
  size?: 'normal' | 'compact';
  name?: string;
};

/**
 * A single choice among a few options (radix-ui Select: a `combobox` button and a `listbox`,
 * arrow keys, type-ahead, Escape; the chosen option is checked). Option values must be non-empty
 * strings (radix reserves `''` for "nothing chosen"): model "any" as its own value, e.g. `'any'`.
 *
 * ```tsx
 * <Field label={t('…sortBy')}>
 *   {(control) => <Select {...control} value={sort} onValueChange={setSort} options={options} />}
 * </Field>
 * ```
 */
export function Select({
  id,
  value,
  onValueChange,
  options,
  placeholder,
  disabled,
  size = 'normal',
  name,
  ...aria
}: SelectProps) {
  return (
    <RadixSelect.Root value={value} onValueChange={onValueChange} disabled={disabled} name={name}>
      <RadixSelect.Trigger id={id} className={`ui-select ui-select--${size}`} {...aria}>
        <RadixSelect.Value placeholder={placeholder} />
        <RadixSelect.Icon className="ui-select__icon">
          <ChevronDownIcon />
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content className="ui-select__content" position="popper" sideOffset={4}>
          <RadixSelect.Viewport className="ui-select__viewport">
            {options.map((option) => (
              <RadixSelect.Item
                key={option.value}
                value={option.value}
                disabled={option.disabled}
                className="ui-select__item"
              >
                <RadixSelect.ItemText>{option.label}</RadixSelect.ItemText>
                <RadixSelect.ItemIndicator className="ui-select__indicator">
                  <CheckIcon />
                </RadixSelect.ItemIndicator>
              </RadixSelect.Item>
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}
