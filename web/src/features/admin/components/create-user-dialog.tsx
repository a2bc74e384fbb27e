import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '@docket/server/contract/domain';
import { CreateUserBodySchema, type OrganizationUser } from '@docket/server/contract/users';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { checkForm, formErrors, type FieldErrors } from '@/lib/form-errors';
import { useCreateUser } from '../api/users';
import { ROLE_OPTIONS } from './roles';

/**
 * "New user": name, email, role and an optional first password (without one the person cannot
 * sign in until an admin sets it). Checked with the API's own schema before sending; the
 * server's answer (409 `email_taken`, say) is shown in the dialog.
 */
export function CreateUserDialog({ onCreated }: { onCreated: (user: OrganizationUser) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('AGENT');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateUser();

  function reset() {
    setName('');
    setEmail('');
    setRole('AGENT');
    setPassword('');
    setErrors({});
    create.reset();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = checkForm(
      CreateUserBodySchema,
      {
        name,
        email: email.trim(),
        role,
        password: password || undefined,
      },
      t,
      setErrors,
    );
    if (!body) return;
    create.mutate(body, {
      onSuccess: (user) => {
        setOpen(false);
        reset();
        onCreated(user);
      },
    });
  }

  const { fieldError, generalError } = formErrors(
    errors,
    create.error,
    ['name', 'email', 'role', 'password'],
    t,
  );

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button>{t('admin.users.create.open')}</Button>
      </DialogTrigger>
      <DialogContent title={t('admin.users.create.title')}>
        <form className="form" onSubmit={handleSubmit} noValidate>
          <Field label={t('admin.users.name')} error={fieldError('name')} required>
            {(control) => (
              <input
                {...control}
                className="input"
                value={name}
                autoComplete="off"
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('admin.users.email')} error={fieldError('email')} required>
            {(control) => (
              <input
                {...control}
                type="email"
                className="input"
                value={email}
                autoComplete="off"
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('admin.users.role')} error={fieldError('role')} required>
            {(control) => (
              <Select
                {...control}
                value={role}
                onValueChange={(value) => setRole(value as Role)}
                options={ROLE_OPTIONS.map((value) => ({ value, label: t(`roles.${value}`) }))}
              />
            )}
          </Field>
          <Field
            label={t('admin.users.password')}
            hint={t('admin.users.passwordHint')}
            error={fieldError('password')}
          >
            {(control) => (
              <input
                {...control}
                type="password"
                className="input"
                value={password}
                autoComplete="new-password"
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          {generalError ? <Alert tone="error">{generalError}</Alert> : null}
          <div className="admin-dialog__actions">
            <DialogClose asChild>
              <Button variant="ghost">{t('admin.common.cancel')}</Button>
            </DialogClose>
            <Button type="submit" disabled={create.isPending}>
              {t('admin.users.create.submit')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
