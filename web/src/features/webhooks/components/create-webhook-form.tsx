import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CreateWebhookEndpointBodySchema,
  WEBHOOK_EVENT_TYPES,
  type WebhookEndpointWithSecret,
  type WebhookEventType,
} from '@docket/server/contract/webhooks';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { checkForm, errorMessage, formErrors, type FieldErrors } from '@/lib/form-errors';
import { useCreateWebhook } from '../api/create-webhook';
import { eventTypeLabel } from './event-type-label';

type CreateWebhookFormProps = {
  /** Called with the new endpoint and its secret (shown once by the caller). */
  onCreated: (endpoint: WebhookEndpointWithSecret) => void;
};

/**
 * Adds a webhook endpoint: URL, description, the events it receives (ticket.created,
 * ticket.status_changed and ticket.response_added are ticked to start with: what most
 * integrations need) and whether internal notes are included. Checked with the API's own schema
 * before sending; the server's answer (a refused address, for one) lands on its field.
 */
export function CreateWebhookForm({ onCreated }: CreateWebhookFormProps) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<WebhookEventType[]>([
    'ticket.created',
    'ticket.status_changed',
    'ticket.response_added',
  ]);
  const [includeInternal, setIncludeInternal] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateWebhook();

  function toggle(type: WebhookEventType, on: boolean) {
    setEventTypes((current) =>
      on ? [...current, type] : current.filter((existing) => existing !== type),
    );
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = checkForm(
      CreateWebhookEndpointBodySchema,
      {
        url,
        eventTypes,
        description: description.trim() || undefined,
        includeInternal,
      },
      t,
      setErrors,
    );
    if (!body) return;
    create.mutate(body, {
      onSuccess: (endpoint) => {
        setUrl('');
        setDescription('');
        onCreated(endpoint);
      },
    });
  }

  const { fieldError } = formErrors(errors, create.error, [], t);
  // Unlike the admin forms, a message the form itself shows on the URL or the events (not only
  // the server's) also holds back the general one.
  const generalError =
    create.error && !fieldError('url') && !fieldError('eventTypes')
      ? errorMessage(create.error, t)
      : null;

  return (
    <form className="card webhook-form" onSubmit={handleSubmit} noValidate>
      <h2 className="card__title">{t('webhooks.create.heading')}</h2>
      <Field
        label={t('webhooks.create.url')}
        hint={t('webhooks.create.urlHint')}
        error={fieldError('url')}
        required
      >
        {(control) => (
          <input
            {...control}
            type="url"
            className="input"
            value={url}
            placeholder="https://hooks.example.com/docket"
            onChange={(e) => setUrl(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('webhooks.create.description')} error={fieldError('description')}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={description}
            maxLength={500}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <fieldset
        className="webhook-form__events"
        aria-invalid={fieldError('eventTypes') ? true : undefined}
      >
        <legend className="field__label">{t('webhooks.create.eventTypes')}</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="checkbox">
            <input
              type="checkbox"
              checked={eventTypes.includes(type)}
              onChange={(e) => toggle(type, e.target.checked)}
            />{' '}
            {eventTypeLabel(type, t)} <code className="webhook-form__type">{type}</code>
          </label>
        ))}
        {fieldError('eventTypes') ? (
          <p className="field__error">{t('webhooks.create.eventTypesRequired')}</p>
        ) : null}
      </fieldset>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={includeInternal}
          onChange={(e) => setIncludeInternal(e.target.checked)}
        />{' '}
        {t('webhooks.create.includeInternal')}
      </label>
      {generalError ? <Alert tone="error">{generalError}</Alert> : null}
      <div className="webhook-actions">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? t('webhooks.create.submitting') : t('webhooks.create.submit')}
        </Button>
      </div>
    </form>
  );
}
