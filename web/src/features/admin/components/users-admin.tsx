import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '@docket/server/contract/domain';
import type { OrganizationUser } from '@docket/server/contract/users';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import { useCurrentUser } from '@/lib/current-user';
import { errorMessage } from '@/lib/form-errors';
import { useResetTwoFactor } from '../api/security-settings';
import { useDeactivateUser, useUpdateUser, useUsers } from '../api/users';
import { useDebouncedSearch } from '../utils/use-debounced-search';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { CreateUserDialog } from './create-user-dialog';
import { ROLE_OPTIONS } from './roles';

/**
 * The admins' users page: find a user by name or email, create one, change a role, see whether
 * staff are available or away for routing, restrict an agent to their groups' tickets (PATCH
 * `{groupRestricted}`, docs/product.md "Groups and routing"), deactivate or reactivate. The server
 * refuses an admin demoting or deactivating themselves (409 `self_lockout`, so the organization
 * always keeps an admin); its message is shown as it is.
 */
export function UsersAdmin() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const me = useCurrentUser();
  const [query, setQuery, debounced] = useDebouncedSearch();
  const users = useUsers(debounced);
  const update = useUpdateUser();
  const deactivate = useDeactivateUser();
  const resetTwoFactor = useResetTwoFactor();
  const [actionError, setActionError] = useState<unknown>(null);
  const rows = users.data?.pages.flatMap((page) => page.data) ?? [];

  function changeRole(user: OrganizationUser, role: Role) {
    setActionError(null);
    update.mutate(
      { id: user.id, body: { role } },
      {
        onSuccess: (updated) =>
          toast({
            tone: 'success',
            title: t('admin.users.roleChanged', {
              name: updated.name,
              role: t(`roles.${updated.role}`),
            }),
          }),
        onError: setActionError,
      },
    );
  }

  function restrict(user: OrganizationUser, groupRestricted: boolean) {
    setActionError(null);
    update.mutate(
      { id: user.id, body: { groupRestricted } },
      {
        onSuccess: (updated) =>
          toast({
            tone: 'success',
            title: t(
              updated.groupRestricted ? 'admin.users.restricted' : 'admin.users.unrestricted',
              { name: updated.name },
            ),
          }),
        onError: setActionError,
      },
    );
  }

  function reactivate(user: OrganizationUser) {
    setActionError(null);
    update.mutate(
      { id: user.id, body: { isActive: true } },
      {
        onSuccess: () =>
          toast({ tone: 'success', title: t('admin.users.reactivated', { name: user.name }) }),
        onError: setActionError,
      },
    );
  }

  return (
    <Card
      title={t('admin.users.listTitle')}
      actions={
        <CreateUserDialog
          onCreated={(user) =>
            toast({ tone: 'success', title: t('admin.users.created', { name: user.name }) })
          }
        />
      }
    >
      <form role="search" className="admin-search" onSubmit={(e) => e.preventDefault()}>
        <Field label={t('admin.users.search')}>
          {(control) => (
            <input
              {...control}
              type="search"
              className="input"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          )}
        </Field>
      </form>
      {actionError ? <Alert tone="error">{errorMessage(actionError, t)}</Alert> : null}
      {users.isPending ? <Loading /> : null}
      {users.isError ? <Alert tone="error">{errorMessage(users.error, t)}</Alert> : null}
      {users.data ? (
        <DataTable
          caption={t('admin.users.listTitle')}
          hideCaption
          rows={rows}
          rowKey={(user) => user.id}
          empty={t('admin.users.empty')}
          columns={[
            {
              key: 'name',
              header: t('admin.users.name'),
              rowHeader: true,
              cell: (user) => (
                <>
                  {user.name}
                  {user.id === me.id ? (
                    <span className="admin-muted"> {t('admin.users.you')}</span>
                  ) : null}
                </>
              ),
            },
            { key: 'email', header: t('admin.users.email'), cell: (user) => user.email },
            {
              key: 'role',
              header: t('admin.users.role'),
              cell: (user) => (
                <Select
                  size="compact"
                  aria-label={t('admin.users.roleOf', { name: user.name })}
                  value={user.role}
                  disabled={update.isPending}
                  onValueChange={(role) => {
                    if (role !== user.role) changeRole(user, role as Role);
                  }}
                  options={ROLE_OPTIONS.map((value) => ({ value, label: t(`roles.${value}`) }))}
                />
              ),
            },
            {
              key: 'availability',
              header: t('admin.users.availability'),
              cell: (user) =>
                user.role === 'CUSTOMER' ? (
                  t('admin.users.notStaff')
                ) : user.availability === 'available' ? (
                  <Badge tone="success">{t('admin.users.available')}</Badge>
                ) : (
                  <Badge tone="neutral">{t('admin.users.away')}</Badge>
                ),
            },
            {
              key: 'groupRestricted',
              header: t('admin.users.groupRestricted'),
              cell: (user) =>
                user.role === 'AGENT' ? (
                  <input
                    type="checkbox"
                    role="switch"
                    checked={user.groupRestricted}
                    aria-label={t('admin.users.groupRestrictedOf', { name: user.name })}
                    disabled={update.isPending && update.variables?.id === user.id}
                    onChange={() => restrict(user, !user.groupRestricted)}
                  />
                ) : (
                  t('admin.users.notStaff')
                ),
            },
            {
              key: 'status',
              header: t('admin.users.status'),
              cell: (user) =>
                user.isActive ? (
                  <Badge tone="success">{t('admin.common.active')}</Badge>
                ) : (
                  <Badge tone="neutral">{t('admin.common.deactivated')}</Badge>
                ),
            },
            {
              key: 'actions',
              header: t('admin.common.actions'),
              cell: (user) =>
                user.isActive ? (
                  <div className="admin-secret__actions">
                    <ConfirmDialog
                      trigger={t('twoFactor.admin.reset')}
                      triggerLabel={t('twoFactor.admin.resetUser', { name: user.name })}
                      title={t('twoFactor.admin.resetTitle', { name: user.name })}
                      description={t('twoFactor.admin.resetBody')}
                      confirmLabel={t('twoFactor.admin.reset')}
                      onConfirm={async () => {
                        await resetTwoFactor.mutateAsync(user.id);
                        toast({
                          tone: 'success',
                          title: t('twoFactor.admin.resetDone', { name: user.name }),
                        });
                      }}
                    />
                    <ConfirmDialog
                      trigger={t('admin.users.deactivate')}
                      triggerLabel={t('admin.users.deactivateUser', { name: user.name })}
                      title={t('admin.users.deactivateTitle', { name: user.name })}
                      description={t('admin.users.deactivateBody')}
                      confirmLabel={t('admin.users.deactivate')}
                      onConfirm={async () => {
                        await deactivate.mutateAsync(user.id);
                        toast({
                          tone: 'success',
                          title: t('admin.users.deactivated', { name: user.name }),
                        });
                      }}
                    />
                  </div>
                ) : (
                  <Button
                    variant="secondary"
                    aria-label={t('admin.users.reactivateUser', { name: user.name })}
                    onClick={() => reactivate(user)}
                    disabled={update.isPending}
                  >
                    {t('admin.users.reactivate')}
                  </Button>
                ),
            },
          ]}
        />
      ) : null}
      {users.hasNextPage ? (
        <div className="admin-more">
          <Button
            variant="secondary"
            onClick={() => void users.fetchNextPage()}
            disabled={users.isFetchingNextPage}
          >
            {t('admin.common.loadMore')}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
