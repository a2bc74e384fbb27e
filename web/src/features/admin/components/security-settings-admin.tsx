import { useTranslation } from 'react-i18next';
import { REQUIRE_TWO_FACTOR_VALUES } from '@docket/server/contract/two-factor';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/form-errors';
import { useSecuritySettings, useUpdateSecuritySettings } from '../api/security-settings';

/**
 * The organization's sign-in security (admins): whether agents and admins must use two-factor
 * sign-in (`requireTwoFactor`: off | staff). Saved as soon as it is chosen.
 */
export function SecuritySettingsAdmin() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const settings = useSecuritySettings();
  const update = useUpdateSecuritySettings();
  const label = (value: (typeof REQUIRE_TWO_FACTOR_VALUES)[number]) =>
    value === 'staff' ? t('twoFactor.admin.requireStaff') : t('twoFactor.admin.requireOff');

  return (
    <Card title={t('twoFactor.admin.securityTitle')}>
      {settings.isPending ? <Loading /> : null}
      {settings.isError ? <Alert tone="error">{errorMessage(settings.error, t)}</Alert> : null}
      {update.error ? <Alert tone="error">{errorMessage(update.error, t)}</Alert> : null}
      {settings.data ? (
        <Field label={t('twoFactor.admin.requireLabel')} hint={t('twoFactor.admin.requireHint')}>
          {(control) => (
            <Select
              id={control.id}
              aria-describedby={control['aria-describedby']}
              value={settings.data.requireTwoFactor}
              disabled={update.isPending}
              onValueChange={(value) => {
                const requireTwoFactor = value === 'staff' ? 'staff' : 'off';
                if (requireTwoFactor === settings.data.requireTwoFactor) return;
                update.mutate(
                  { requireTwoFactor },
                  {
                    onSuccess: () => toast({ tone: 'success', title: t('twoFactor.admin.saved') }),
                  },
                );
              }}
              options={REQUIRE_TWO_FACTOR_VALUES.map((value) => ({ value, label: label(value) }))}
            />
          )}
        </Field>
      ) : null}
    </Card>
  );
}
