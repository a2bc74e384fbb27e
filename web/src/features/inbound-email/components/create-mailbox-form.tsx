import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateMailboxBodySchema, type MailboxWithSecret } from '@docket/server/contract/mailboxes';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { focusFirstError, type FieldErrors } from '@/lib/form-errors';
import { useCreateMailbox } from '../api/mailboxes';
import { mailboxErrorsFromZod, mailboxServerErrors } from '../utils/mailbox-errors';

/** The form's controls by `name`, in the order they appear (for focusing the first error). */
const FIELDS = [
  'address',
  'displayName',
  'imap',
  'imap.host',
  'imap.port',
  'imap.tls',
  'imap.user',
  'imap.password',
  'imap.folder',
] as const;

const IMAP_DEFAULTS = { host: '', port: '993', tls: true, user: '', password: '', folder: 'INBOX' };

/**
 * "New mailbox": its address, the name replies are signed with, and optionally the IMAP account
 * mail is fetched from (host, port 993, TLS on, user, password, folder INBOX). Without one, mail
 * arrives only by the endpoint. Checked with the API's schema before sending; the answer carries
 * the inbound secret, handed to `onCreated` to be shown once.
 */
export function CreateMailboxForm({
  onCreated,
}: {
  onCreated: (mailbox: MailboxWithSecret) => void;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [address, setAddress] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [useImap, setUseImap] = useState(false);
  const [imap, setImap] = useState(IMAP_DEFAULTS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateMailbox();

  function setImapField<K extends keyof typeof IMAP_DEFAULTS>(
    key: K,
    value: (typeof IMAP_DEFAULTS)[K],
  ) {
    setImap((current) => ({ ...current, [key]: value }));
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.reset();
    const parsed = CreateMailboxBodySchema.safeParse({
      address: address.trim(),
      displayName,
      imap: useImap
        ? {
            host: imap.host,
            port: imap.port.trim() === '' ? undefined : Number(imap.port),
            tls: imap.tls,
            user: imap.user,
            password: imap.password,
            folder: imap.folder.trim() === '' ? undefined : imap.folder,
          }
        : undefined,
    });
    if (!parsed.success) {
      const checked = mailboxErrorsFromZod(parsed.error, t);
      setErrors(checked);
      focusFirstError(formRef.current, FIELDS, checked);
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (mailbox) => {
        setAddress('');
        setDisplayName('');
        setUseImap(false);
        setImap(IMAP_DEFAULTS);
        onCreated(mailbox);
      },
    });
  }

  const server = mailboxServerErrors(create.error, FIELDS, t);
  const fieldError = (field: (typeof FIELDS)[number]) => errors[field] ?? server.fields[field];

  return (
    <form ref={formRef} className="card admin-form" onSubmit={handleSubmit} noValidate>
      <h2 className="card__title">{t('inboundEmail.mailboxes.create.title')}</h2>
      <p className="admin-muted">{t('inboundEmail.mailboxes.create.hint')}</p>
      <div className="admin-form__row">
        <Field
          label={t('inboundEmail.mailboxes.address')}
          hint={t('inboundEmail.mailboxes.addressHint')}
          error={fieldError('address')}
          required
        >
          {(control) => (
            <input
              {...control}
              name="address"
              type="email"
              className="input"
              autoComplete="off"
              value={address}
              maxLength={254}
              onChange={(e) => setAddress(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('inboundEmail.mailboxes.displayName')}
          hint={t('inboundEmail.mailboxes.displayNameHint')}
          error={fieldError('displayName')}
          required
        >
          {(control) => (
            <input
              {...control}
              name="displayName"
              className="input"
              value={displayName}
              maxLength={100}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Checkbox
        name="imap"
        checked={useImap}
        onCheckedChange={setUseImap}
        label={t('inboundEmail.mailboxes.create.useImap')}
      />
      {fieldError('imap') ? <p className="field__error">{fieldError('imap')}</p> : null}
      {useImap ? (
        <fieldset className="inbound-imap">
          <legend>{t('inboundEmail.mailboxes.imap.legend')}</legend>
          <div className="admin-form__row">
            <Field
              label={t('inboundEmail.mailboxes.imap.host')}
              error={fieldError('imap.host')}
              required
            >
              {(control) => (
                <input
                  {...control}
                  name="imap.host"
                  className="input"
                  autoComplete="off"
                  value={imap.host}
                  maxLength={253}
                  onChange={(e) => setImapField('host', e.target.value)}
                />
              )}
            </Field>
            <Field
              label={t('inboundEmail.mailboxes.imap.port')}
              error={fieldError('imap.port')}
              required
            >
              {(control) => (
                <input
                  {...control}
                  name="imap.port"
                  className="input"
                  inputMode="numeric"
                  value={imap.port}
                  maxLength={5}
                  onChange={(e) => setImapField('port', e.target.value)}
                />
              )}
            </Field>
            <Field
              label={t('inboundEmail.mailboxes.imap.user')}
              error={fieldError('imap.user')}
              required
            >
              {(control) => (
                <input
                  {...control}
                  name="imap.user"
                  className="input"
                  autoComplete="off"
                  value={imap.user}
                  maxLength={320}
                  onChange={(e) => setImapField('user', e.target.value)}
                />
              )}
            </Field>
            <Field
              label={t('inboundEmail.mailboxes.imap.password')}
              hint={t('inboundEmail.mailboxes.imap.passwordHint')}
              error={fieldError('imap.password')}
              required
            >
              {(control) => (
                <input
                  {...control}
                  name="imap.password"
                  type="password"
                  className="input"
                  autoComplete="new-password"
                  value={imap.password}
                  maxLength={1000}
                  onChange={(e) => setImapField('password', e.target.value)}
                />
              )}
            </Field>
            <Field
              label={t('inboundEmail.mailboxes.imap.folder')}
              error={fieldError('imap.folder')}
              required
            >
              {(control) => (
                <input
                  {...control}
                  name="imap.folder"
                  className="input"
                  value={imap.folder}
                  maxLength={200}
                  onChange={(e) => setImapField('folder', e.target.value)}
                />
              )}
            </Field>
          </div>
          <Checkbox
            name="imap.tls"
            checked={imap.tls}
            onCheckedChange={(checked) => setImapField('tls', checked)}
            label={t('inboundEmail.mailboxes.imap.tls')}
          />
          {fieldError('imap.tls') ? <p className="field__error">{fieldError('imap.tls')}</p> : null}
        </fieldset>
      ) : null}
      {server.general ? <Alert tone="error">{server.general}</Alert> : null}
      <div className="admin-form__actions">
        <Button type="submit" disabled={create.isPending}>
          {t('inboundEmail.mailboxes.create.submit')}
        </Button>
      </div>
    </form>
  );
}
