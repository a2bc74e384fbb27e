import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '@docket/server/contract/domain';
import type { Invitation } from '@docket/server/contract/accounts';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import { useDateTimeFormat } from '@/i18n/format';
import { errorMessage } from '@/lib/form-errors';
import {
  useCreateInvitation,
  useInvitations,
  useResendInvitation,
  useRevokeInvitation,
} from '../api/invitations';
import { ROLE_OPTIONS } from './roles';

/**
 * Invitations on the admins' users page (docs/product.md "Accounts"): invite by email with a
 * role; the pending invitations with their expiry, resend (a new link; the old one stops working)
 * and revoke. The server's 409 (the email is already a user's) is shown as it is.
 */
export function InvitationsAdmin() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const formatDate = useDateTimeFormat();
  const invitations = useInvitations();
  const create = useCreateInvitation();
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('AGENT');
  const [actionError, setActionError] = useState<unknown>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      { email: email.trim(), role },
      {
        onSuccess: (created) => {
          setEmail('');
          toast({ tone: 'success', title: t('accounts.admin.sent', { email: created.email }) });
        },
      },
    );
  }

  function act(kind: 'resend' | 'revoke', invitation: Invitation) {
    setActionError(null);
    const mutation = kind === 'resend' ? resend : revoke;
    mutation.mutate(invitation.id, {
      onSuccess: () =>
        toast({
          tone: 'success',
          title: t(kind === 'resend' ? 'accounts.admin.resent' : 'accounts.admin.revoked', {
            email: invitation.email,
          }),
        }),
      onError: setActionError,
    });
  }

  const rows = invitations.data?.data ?? [];
  return (
    <Card title={t('accounts.admin.title')}>
      <p className="admin-muted">{t('accounts.admin.intro')}</p>
      <form
        className="admin-form__row"
        onSubmit={handleSubmit}
        aria-label={t('accounts.admin.title')}
      >
        <Field label={t('accounts.admin.email')}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              name="invite-email"
              required
              maxLength={254}
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('accounts.admin.role')}>
          {(control) => (
            <Select
              {...control}
              value={role}
              onValueChange={(value) => setRole(value as Role)}
              options={ROLE_OPTIONS.map((value) => ({ value, label: t(`roles.${value}`) }))}
            />
          )}
        </Field>
        <div className="admin-form__actions">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? t('accounts.admin.submitting') : t('accounts.admin.submit')}
          </Button>
        </div>
      </form>
      {create.error ? <Alert tone="error">{errorMessage(create.error, t)}</Alert> : null}
      {actionError ? <Alert tone="error">{errorMessage(actionError, t)}</Alert> : null}
      <h3>{t('accounts.admin.pending')}</h3>
      {invitations.isPending ? (
        <Loading />
      ) : invitations.error ? (
        <Alert tone="error">{errorMessage(invitations.error, t)}</Alert>
      ) : rows.length === 0 ? (
        <p className="admin-muted">{t('accounts.admin.none')}</p>
      ) : (
        <ul className="admin-list" aria-label={t('accounts.admin.pending')}>
          {rows.map((invitation) => (
            <li key={invitation.id} className="admin-list__item">
              <span>{invitation.email}</span> <Badge>{t(`roles.${invitation.role}`)}</Badge>{' '}
              <span className="admin-muted">
                {invitation.expired
                  ? t('accounts.admin.expired')
                  : t('accounts.admin.expires', { date: formatDate(invitation.expiresAt) })}
              </span>{' '}
              <Button
                variant="secondary"
                disabled={resend.isPending}
                onClick={() => act('resend', invitation)}
                aria-label={`${t('accounts.admin.resend')} ${invitation.email}`}
              >
                {t('accounts.admin.resend')}
              </Button>{' '}
              <Button
                variant="ghost"
                disabled={revoke.isPending}
                onClick={() => act('revoke', invitation)}
                aria-label={`${t('accounts.admin.revoke')} ${invitation.email}`}
              >
                {t('accounts.admin.revoke')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
