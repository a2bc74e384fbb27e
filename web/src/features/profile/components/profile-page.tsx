import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SIGNATURE_MAX_LENGTH, THEMES, type Profile } from '@docket/server/contract/me';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, TextField } from '@/components/ui/field';
import { LoadError } from '@/components/ui/load-error';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { SUPPORTED_LANGUAGES } from '@/i18n';
import { serverFieldErrors } from '@/lib/form-errors';
import { useProfile, useUpdateProfile } from '../api/profile';
import './profile.css';

const FIELDS = ['name', 'timeZone', 'locale', 'signature', 'theme'] as const;

/** The IANA zones this browser knows (Intl), with the profile's own first if it is missing. */
function timeZones(current: string): string[] {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
  const zones = known.includes('UTC') ? known : ['UTC', ...known];
  return zones.includes(current) ? zones : [current, ...zones];
}

/**
 * The profile page (docs/product.md "Profile"): name, time zone, language, signature (staff:
 * Markdown appended to their replies) and theme. Saving sends the changed fields (`PATCH
 * /api/me`); the language and theme apply at once; the server's field errors show by their field.
 */
export function ProfilePage() {
  const { t } = useTranslation();
  const profile = useProfile();
  if (profile.isPending) return <Loading />;
  if (profile.isError) {
    return (
      <LoadError
        title={t('profile.loadFailed')}
        error={profile.error}
        onRetry={() => void profile.refetch()}
      />
    );
  }
  // Keyed by the saved profile: after a save the form starts again from what was stored.
  return <ProfileForm key={JSON.stringify(profile.data)} profile={profile.data} />;
}

function ProfileForm({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const update = useUpdateProfile();
  const [draft, setDraft] = useState({
    name: profile.name,
    timeZone: profile.timeZone,
    locale: profile.locale,
    signature: profile.signature ?? '',
    theme: profile.theme,
  });
  const zones = useMemo(() => timeZones(profile.timeZone), [profile.timeZone]);
  const staff = profile.role !== 'CUSTOMER';
  const { fields, general } = serverFieldErrors(update.error, FIELDS, t);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, string | null> = {};
    if (draft.name.trim() !== profile.name) body.name = draft.name;
    if (draft.timeZone !== profile.timeZone) body.timeZone = draft.timeZone;
    if (draft.locale !== profile.locale) body.locale = draft.locale;
    if (draft.theme !== profile.theme) body.theme = draft.theme;
    if (staff && draft.signature !== (profile.signature ?? '')) body.signature = draft.signature;
    if (Object.keys(body).length === 0) {
      toast({ tone: 'info', title: t('profile.nothingChanged') });
      return;
    }
    update.mutate(body, {
      onSuccess: () => toast({ tone: 'success', title: t('profile.saved') }),
    });
  };

  return (
    <form className="profile-form card" onSubmit={submit} noValidate>
      <p className="profile-form__email">
        {t('profile.email')}: <span>{profile.email}</span>
      </p>
      <TextField
        label={t('profile.name')}
        required
        maxLength={200}
        autoComplete="name"
        value={draft.name}
        error={fields.name}
        onChange={(event) => setDraft({ ...draft, name: event.target.value })}
      />
      <Field label={t('profile.timeZone')} error={fields.timeZone}>
        {(control) => (
          <select
            {...control}
            className="select"
            value={draft.timeZone}
            onChange={(event) => setDraft({ ...draft, timeZone: event.target.value })}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('profile.language')} error={fields.locale}>
        {(control) => (
          <select
            {...control}
            className="select"
            value={draft.locale}
            onChange={(event) =>
              setDraft({ ...draft, locale: event.target.value as Profile['locale'] })
            }
          >
            {SUPPORTED_LANGUAGES.map((language) => (
              <option key={language} value={language} lang={language}>
                {t(`languages.${language}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('profile.theme.label')} error={fields.theme}>
        {(control) => (
          <select
            {...control}
            className="select"
            value={draft.theme}
            onChange={(event) =>
              setDraft({ ...draft, theme: event.target.value as Profile['theme'] })
            }
          >
            {THEMES.map((theme) => (
              <option key={theme} value={theme}>
                {t(`profile.theme.${theme}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {staff ? (
        <Field
          label={t('profile.signature')}
          hint={t('profile.signatureHint', { max: SIGNATURE_MAX_LENGTH })}
          error={fields.signature}
        >
          {(control) => (
            <textarea
              {...control}
              className="textarea"
              rows={4}
              maxLength={SIGNATURE_MAX_LENGTH}
              value={draft.signature}
              onChange={(event) => setDraft({ ...draft, signature: event.target.value })}
            />
          )}
        </Field>
      ) : null}
      {general ? <Alert tone="error">{general}</Alert> : null}
      <div className="profile-form__actions">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? t('profile.saving') : t('profile.save')}
        </Button>
      </div>
    </form>
  );
}
