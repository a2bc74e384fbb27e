import type { ClipboardEventHandler } from 'react';
import { Field } from '@/components/ui/field';

type TicketTextFieldProps = {
  label: string;
  hint?: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
};

/**
 * A new ticket's subject (required, up to 200 characters as the API allows), for the dashboard's
 * and the portal's "new ticket" forms; named `subject` so a field error can move focus to it.
 */
export function TicketSubjectField({ label, hint, error, value, onChange }: TicketTextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} required>
      {(control) => (
        <input
          {...control}
          className="input"
          name="subject"
          required
          maxLength={200}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/**
 * A new ticket's description (required, up to 5,000 characters), for the dashboard's and the
 * portal's "new ticket" forms; `onPaste` takes pasted files as attachments (the draft's).
 */
export function TicketDescriptionField({
  label,
  hint,
  error,
  value,
  onChange,
  onPaste,
}: TicketTextFieldProps & { onPaste: ClipboardEventHandler<HTMLTextAreaElement> }) {
  return (
    <Field label={label} hint={hint} error={error} required>
      {(control) => (
        <textarea
          {...control}
          className="textarea"
          name="description"
          required
          rows={8}
          maxLength={5000}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onPaste={onPaste}
        />
      )}
    </Field>
  );
}
