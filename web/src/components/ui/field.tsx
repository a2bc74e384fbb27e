import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

/** What a field's control needs so that its label, hint and error are announced with it. */
export type FieldControlProps = {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
};

type FieldProps = {
  label: ReactNode;
  hint?: ReactNode;
  /** Classes added to the hint's `field__hint` (e.g. to lay out an icon in it). */
  hintClassName?: string;
  error?: string | undefined;
  required?: boolean;
  children: (control: FieldControlProps) => ReactNode;
};

/**
 * A labelled form control with its hint and error: `children` renders the control with the id and
 * aria attributes that tie the label, hint and error to it.
 */
export function Field({ label, hint, hintClassName, error, required, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
        {required ? (
          <span className="field__required" aria-hidden="true">
            {' *'}
          </span>
        ) : null}
      </label>
      {hint ? (
        <p className={hintClassName ? `field__hint ${hintClassName}` : 'field__hint'} id={hintId}>
          {hint}
        </p>
      ) : null}
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type TextFieldProps = Omit<FieldProps, 'children'> &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'aria-invalid' | 'aria-describedby'>;

/**
 * A `Field` whose control is a one-line text input (`className="input"`); every other prop goes
 * to the input.
 */
export function TextField({
  label,
  hint,
  hintClassName,
  error,
  required,
  ...input
}: TextFieldProps) {
  return (
    <Field
      label={label}
      hint={hint}
      hintClassName={hintClassName}
      error={error}
      required={required}
    >
      {(control) => <input {...control} className="input" {...input} />}
    </Field>
  );
}
