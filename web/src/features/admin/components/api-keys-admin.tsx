import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  API_KEY_ROLES,
  CreateApiKeyBodySchema,
  type ApiKey,
  type CreatedApiKey,
} from '@docket/server/contract/api-keys';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/date-time';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import { checkForm, errorMessage, formErrors, type FieldErrors } from '@/lib/form-errors';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../api/api-keys';
import { apiKeyState } from '../utils/api-key-state';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SecretOnce } from './secret-once';

/**
 * The admins' API keys page: create a key (its secret is shown once, with "Copy"), list every
 * key (prefix, role, dates, state) and revoke one.
 */
export function ApiKeysAdmin() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  return (
    <>
      {created ? (
        <SecretOnce name={created.name} secret={created.key} onDismiss={() => setCreated(null)} />
      ) : null}
      <CreateApiKeyForm onCreated={setCreated} />
      <Card title={t('admin.apiKeys.listTitle')}>
        {keys.isPending ? <Loading /> : null}
        {keys.isError ? <Alert tone="error">{errorMessage(keys.error, t)}</Alert> : null}
        {keys.data ? (
          <DataTable
            caption={t('admin.apiKeys.listTitle')}
            hideCaption
            rows={keys.data.data}
            rowKey={(key) => key.id}
            empty={t('admin.apiKeys.empty')}
            columns={[
              {
                key: 'name',
                header: t('admin.apiKeys.name'),
                rowHeader: true,
                cell: (key) => key.name,
              },
              {
                key: 'prefix',
                header: t('admin.apiKeys.prefix'),
                cell: (key) => <code>dk_{key.prefix}_…</code>,
              },
              {
                key: 'role',
                header: t('admin.apiKeys.role'),
                cell: (key) => t(`roles.${key.role}`),
              },
              {
                key: 'created',
                header: t('admin.apiKeys.created'),
                cell: (key) => <DateTime value={key.createdAt} format="date" />,
              },
              {
                key: 'lastUsed',
                header: t('admin.apiKeys.lastUsed'),
                cell: (key) =>
                  key.lastUsedAt ? <DateTime value={key.lastUsedAt} /> : t('admin.apiKeys.never'),
              },
              {
                key: 'state',
                header: t('admin.apiKeys.state'),
                cell: (key) => <ApiKeyStateBadge apiKey={key} />,
              },
              {
                key: 'actions',
                header: t('admin.common.actions'),
                cell: (key) =>
                  apiKeyState(key, new Date()) === 'revoked' ? null : (
                    <ConfirmDialog
                      trigger={t('admin.apiKeys.revoke')}
                      triggerLabel={t('admin.apiKeys.revokeNamed', { name: key.name })}
                      title={t('admin.apiKeys.revokeTitle', { name: key.name })}
                      description={t('admin.apiKeys.revokeBody')}
                      confirmLabel={t('admin.apiKeys.revoke')}
                      onConfirm={async () => {
                        await revoke.mutateAsync(key.id);
                        toast({
                          tone: 'success',
                          title: t('admin.apiKeys.revoked', { name: key.name }),
                        });
                      }}
                    />
                  ),
              },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}

function ApiKeyStateBadge({ apiKey }: { apiKey: ApiKey }) {
  const { t } = useTranslation();
  const state = apiKeyState(apiKey, new Date());
  const tone = state === 'active' ? 'success' : state === 'expired' ? 'warning' : 'neutral';
  return <Badge tone={tone}>{t(`admin.apiKeys.states.${state}`)}</Badge>;
}

/**
 * "New API key": a name, the role it acts with (ADMIN or AGENT) and an optional expiry date
 * (end of that day, UTC). Checked with the API's schema before sending.
 */
function CreateApiKeyForm({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [role, setRole] = useState<(typeof API_KEY_ROLES)[number]>('AGENT');
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateApiKey();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = checkForm(
      CreateApiKeyBodySchema,
      {
        name,
        role,
        expiresAt: expires ? `${expires}T23:59:59Z` : undefined,
      },
      t,
      setErrors,
    );
    if (!body) return;
    create.mutate(body, {
      onSuccess: (key) => {
        setName('');
        setExpires('');
        onCreated(key);
      },
    });
  }

  const { fieldError, generalError } = formErrors(
    errors,
    create.error,
    ['name', 'role', 'expiresAt'],
    t,
  );

  return (
    <form className="card admin-form" onSubmit={handleSubmit} noValidate>
      <h2 className="card__title">{t('admin.apiKeys.create.title')}</h2>
      <p className="admin-muted">{t('admin.apiKeys.create.hint')}</p>
      <div className="admin-form__row">
        <Field label={t('admin.apiKeys.name')} error={fieldError('name')} required>
          {(control) => (
            <input
              {...control}
              className="input"
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('admin.apiKeys.role')} error={fieldError('role')} required>
          {(control) => (
            <Select
              {...control}
              value={role}
              onValueChange={(value) => setRole(value as (typeof API_KEY_ROLES)[number])}
              options={API_KEY_ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))}
            />
          )}
        </Field>
        <Field
          label={t('admin.apiKeys.expires')}
          hint={t('admin.apiKeys.expiresHint')}
          error={fieldError('expiresAt')}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              className="input"
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
            />
          )}
        </Field>
      </div>
      {generalError ? <Alert tone="error">{generalError}</Alert> : null}
      <div className="admin-form__actions">
        <Button type="submit" disabled={create.isPending}>
          {t('admin.apiKeys.create.submit')}
        </Button>
      </div>
    </form>
  );
}
