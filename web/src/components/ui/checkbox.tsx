import { Checkbox as RadixCheckbox } from 'radix-ui';
import { useId, type ReactNode } from 'react';
import { CheckIcon, MinusIcon } from './icons';

export type CheckedState = boolean | 'indeterminate';

type CheckboxProps = {
  checked: CheckedState;
  onCheckedChange: (checked: boolean) => void;
  /** The visible label. Give `label` or `aria-label`, never neither. */
  label?: ReactNode;
  'aria-label'?: string;
  /** Hide the label visually but keep it for screen readers. */
  hideLabel?: boolean;
  disabled?: boolean;
  id?: string;
  name?: string;
  value?: string;
};

/**
 * A labelled checkbox (radix-ui Checkbox: `role="checkbox"` with `aria-checked` true, false or
 * "mixed"; Space toggles it). `indeterminate` shows a dash, for a "select all" whose rows are
 * partly selected; clicking it calls `onCheckedChange(true)`.
 *
 * ```tsx
 * <Checkbox checked={all ? true : some ? 'indeterminate' : false} onCheckedChange={selectAll}
 *   label={t('…selectAll')} hideLabel />
 * ```
 */
export function Checkbox({
  checked,
  onCheckedChange,
  label,
  hideLabel,
  disabled,
  id,
  name,
  value,
  'aria-label': ariaLabel,
}: CheckboxProps) {
  const generated = useId();
  const controlId = id ?? generated;
  return (
    <span className="ui-checkbox">
      <RadixCheckbox.Root
        id={controlId}
        className="ui-checkbox__box"
        checked={checked}
        onCheckedChange={(next) => onCheckedChange(next === true)}
        disabled={disabled}
        name={name}
        value={value}
        aria-label={ariaLabel}
      >
        <RadixCheckbox.Indicator className="ui-checkbox__indicator">
          {checked === 'indeterminate' ? <MinusIcon /> : <CheckIcon />}
        </RadixCheckbox.Indicator>
      </RadixCheckbox.Root>
      {label ? (
        <label htmlFor={controlId} className={hideLabel ? 'visually-hidden' : 'ui-checkbox__label'}>
          {label}
        </label>
      ) : null}
    </span>
  );
}
