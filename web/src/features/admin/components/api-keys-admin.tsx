import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  API_KEY_SCOPES,
  CreateApiKeyBodySchema,
  ROLE_SCOPES,
  type ApiKey,
  type ApiKeyScope,
  type CreatedApiKey,
} from '@docket/server/contract/api-keys';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { DataTable } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/date-time';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { checkForm, errorMessage, formErrors, type FieldErrors } from '@/lib/form-errors';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../api/api-keys';
import { apiKeyState } from '../utils/api-key-state';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SecretOnce } from './secret-once';

/**
 * A scope's key among the page's words: `tickets:read` → `tickets_read`, read as
 * `admin.apiKeys.scopes.tickets_read` (`:` is i18next's namespace separator).
 */
function scopeKey(scope: ApiKeyScope) {
  return scope.replace(':', '_') as 'tickets_read';
}

/** A group an API key may be limited to. */
export type ApiKeyGroupOption = { id: string; name: string };

/**
 * The admins' API keys page (docs/product.md "API keys and scopes"): create a key with its
 * scopes and, optionally, the groups it is limited to (its secret is shown once, with "Copy"),
 * list every key (prefix, scopes and the role it was made with, groups, dates, state) and revoke
 * one. `groups` are the organization's groups (`GET /api/groups`).
 */
export function ApiKeysAdmin({ groups = [] }: { groups?: readonly ApiKeyGroupOption[] }) {
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
      <CreateApiKeyForm groups={groups} onCreated={setCreated} />
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
                key: 'scopes',
                header: t('admin.apiKeys.scopesColumn'),
                cell: (key) => <ApiKeyScopes apiKey={key} groups={groups} />,
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
 * A key's scopes (`tickets:read tickets:write`), the role it was made with when it was (`Acts as
 * Agent`), and the groups it is limited to, by name (an unknown group by its id).
 */
function ApiKeyScopes({
  apiKey,
  groups,
}: {
  apiKey: ApiKey;
  groups: readonly ApiKeyGroupOption[];
}) {
  const { t } = useTranslation();
  const groupNames = apiKey.groupIds.map(
    (id) => groups.find((group) => group.id === id)?.name ?? id,
  );
  return (
    <>
      <code>{apiKey.scopes.join(' ')}</code>
      {apiKey.role ? (
        <span className="admin-muted">
          {' '}
          {t('admin.apiKeys.actsAs', { role: t(`roles.${apiKey.role}`) })}
        </span>
      ) : null}
      {groupNames.length ? (
        <span className="admin-muted">
          {' '}
          {t('admin.apiKeys.groupsOnly', { groups: groupNames.join(', ') })}
        </span>
      ) : null}
    </>
  );
}

/**
 * "New API key": a name, its scopes (checkboxes, each with what it allows; an agent's scopes to
 * start with), the groups it is limited to (none: every ticket) and an optional expiry date (end
 * of that day, UTC). Checked with the API's schema before sending; the server's 400 is shown by
 * the field it names (`scopes`, `groupIds`).
 */
function CreateApiKeyForm({
  groups,
  onCreated,
}: {
  groups: readonly ApiKeyGroupOption[];
  onCreated: (key: CreatedApiKey) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(() => [...ROLE_SCOPES.AGENT]);
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateApiKey();

  function toggleScope(scope: ApiKeyScope, checked: boolean) {
    setScopes((current) =>
      API_KEY_SCOPES.filter((value) => (value === scope ? checked : current.includes(value))),
    );
  }

  function toggleGroup(id: string, checked: boolean) {
    setGroupIds((current) =>
      checked ? [...current, id] : current.filter((groupId) => groupId !== id),
    );
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!scopes.length) {
      setErrors({ scopes: t('admin.apiKeys.scopesRequired') });
      return;
    }
    const body = checkForm(
      CreateApiKeyBodySchema,
      {
        name,
        scopes,
        ...(groupIds.length ? { groupIds } : {}),
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
        setScopes([...ROLE_SCOPES.AGENT]);
        setGroupIds([]);
        onCreated(key);
      },
    });
  }

  const { fieldError, generalError } = formErrors(
    errors,
    create.error,
    ['name', 'scopes', 'role', 'groupIds', 'expiresAt'],
    t,
  );
  const scopesError = fieldError('scopes') ?? fieldError('role');

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
      <fieldset
        className="fieldset"
        aria-describedby={scopesError ? 'api-key-scopes-error' : undefined}
      >
        <legend>{t('admin.apiKeys.scopesLegend')}</legend>
        <p className="field__hint">{t('admin.apiKeys.scopesHint')}</p>
        {API_KEY_SCOPES.map((scope) => (
          <div className="field" key={scope}>
            <Checkbox
              checked={scopes.includes(scope)}
              onCheckedChange={(checked) => toggleScope(scope, checked)}
              label={
                <>
                  <code>{scope}</code> — {t(`admin.apiKeys.scopes.${scopeKey(scope)}`)}
                </>
              }
              name="scopes"
              value={scope}
            />
          </div>
        ))}
        {scopesError ? (
          <p className="field__error" id="api-key-scopes-error">
            {scopesError}
          </p>
        ) : null}
      </fieldset>
      {groups.length ? (
        <fieldset
          className="fieldset"
          aria-describedby={fieldError('groupIds') ? 'api-key-groups-error' : undefined}
        >
          <legend>{t('admin.apiKeys.groupsLegend')}</legend>
          <p className="field__hint">{t('admin.apiKeys.groupsHint')}</p>
          {groups.map((group) => (
            <Checkbox
              key={group.id}
              checked={groupIds.includes(group.id)}
              onCheckedChange={(checked) => toggleGroup(group.id, checked)}
              label={group.name}
              name="groupIds"
              value={group.id}
            />
          ))}
          {fieldError('groupIds') ? (
            <p className="field__error" id="api-key-groups-error">
              {fieldError('groupIds')}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      {generalError ? <Alert tone="error">{generalError}</Alert> : null}
      <div className="admin-form__actions">
        <Button type="submit" disabled={create.isPending}>
          {t('admin.apiKeys.create.submit')}
        </Button>
      </div>
    </form>
  );
}
