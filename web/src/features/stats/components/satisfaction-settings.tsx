/**
 * The statistics page's "Satisfaction settings" card, for admins (docs/product.md
 * "Satisfaction"): whether a resolved ticket's requester is asked "How did we do?", and on which
 * scale (good/bad or 1 to 5), from `GET /api/satisfaction/settings`. Each change is saved at
 * once (`PATCH`), applies to the next question asked, and is confirmed by a toast; ratings
 * already given keep their scale.
 */
import type { SatisfactionScale } from '@docket/server/contract/satisfaction';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/form-errors';
import {
  useSatisfactionSettings,
  useUpdateSatisfactionSettings,
} from '../api/satisfaction-settings';

/**
 * The scales, in the server's order (satisfaction.schemas.ts SATISFACTION_SCALES). Spelled out
 * rather than imported: a value import would split the contract's satisfaction barrel into a
 * chunk of its own, shared with the tracker.
 */
const SCALES = ['good_bad', 'five_point'] as const satisfies readonly SatisfactionScale[];

export function SatisfactionSettingsCard() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const settings = useSatisfactionSettings();
  const update = useUpdateSatisfactionSettings();

  function save(body: { enabled?: boolean; scale?: SatisfactionScale }) {
    update.mutate(body, {
      onSuccess: () => toast({ tone: 'success', title: t('stats.satisfactionSettings.saved') }),
    });
  }

  return (
    <Card title={t('stats.satisfactionSettings.title')}>
      <p className="stats-note">{t('stats.satisfactionSettings.intro')}</p>
      {settings.isPending ? <Loading /> : null}
      {settings.isError ? <Alert tone="error">{errorMessage(settings.error, t)}</Alert> : null}
      {settings.data ? (
        <>
          <Checkbox
            checked={settings.data.enabled}
            disabled={update.isPending}
            onCheckedChange={(enabled) => save({ enabled })}
            label={t('stats.satisfactionSettings.enabled')}
          />
          <Field
            label={t('stats.satisfactionSettings.scale')}
            hint={t('stats.satisfactionSettings.scaleHint')}
          >
            {(control) => (
              <select
                {...control}
                className="select"
                value={settings.data.scale}
                disabled={update.isPending}
                onChange={(e) => save({ scale: e.target.value as SatisfactionScale })}
              >
                {SCALES.map((scale) => (
                  <option key={scale} value={scale}>
                    {t(`stats.satisfactionSettings.scales.${scale}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      ) : null}
      {update.isError ? <Alert tone="error">{errorMessage(update.error, t)}</Alert> : null}
    </Card>
  );
}
