import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TwoFactorSetup } from '@docket/server/contract/two-factor';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { LoadError } from '@/components/ui/load-error';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { useDateTimeFormat } from '@/i18n/format';
import { isApiError } from '@/lib/api-client';
import { errorMessage } from '@/lib/form-errors';
import {
  useConfirmTwoFactor,
  useDisableTwoFactor,
  useRegenerateRecoveryCodes,
  useSetUpTwoFactor,
  useTwoFactorStatus,
} from '../api/two-factor';
import './two-factor.css';

/** The message of a failed code check: the wrong-code sentence, else the server's. */
function codeError(error: unknown, t: TFunction): string | undefined {
  if (!error) return undefined;
  if (isApiError(error) && error.code === 'invalid_two_factor_code')
    return t('twoFactor.wrongCode');
  return errorMessage(error, t);
}

/**
 * Recovery codes, shown this once (the server keeps only their hashes): the list, "Copy"
 * (Clipboard API), "Download" (a text file) and `onDone`, which hides them for good.
 */
function RecoveryCodesOnce({
  codes,
  doneLabel,
  onDone,
}: {
  codes: string[];
  doneLabel?: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const text = `${codes.join('\n')}\n`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'docket-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <Alert tone="success" title={t('twoFactor.recoveryTitle')}>
      <p>{t('twoFactor.recoveryBody')}</p>
      <ol className="two-factor__codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="two-factor__actions">
        <Button variant="secondary" onClick={() => void copy()}>
          {t('twoFactor.copy')}
        </Button>
        <Button variant="secondary" onClick={download}>
          {t('twoFactor.download')}
        </Button>
        <Button onClick={onDone}>{doneLabel ?? t('twoFactor.done')}</Button>
      </div>
      <p aria-live="polite" className="two-factor__muted">
        {copied === 'yes' ? t('twoFactor.copied') : null}
        {copied === 'failed' ? t('twoFactor.copyFailed') : null}
      </p>
    </Alert>
  );
}

/**
 * Enrolment (docs/product.md "Accounts"): "Set up" asks the server for a secret and shows its QR
 * code (an SVG the server made, as an image) and the key as text; the code typed from the app
 * turns two-factor sign-in on, and the recovery codes are shown once. `onEnrolled` runs when the
 * person has dismissed them (`onStarted` when the setup begins). `autoStart` begins at once
 * (the forced enrolment page).
 */
export function TwoFactorEnrolment({
  autoStart = false,
  doneLabel,
  onStarted,
  onEnrolled,
}: {
  autoStart?: boolean;
  doneLabel?: string;
  onStarted?: () => void;
  onEnrolled: () => void;
}) {
  const { t } = useTranslation();
  const setUp = useSetUpTwoFactor();
  const confirm = useConfirmTwoFactor();
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const autoStarted = useRef(false);

  function start() {
    onStarted?.();
    setUp.mutate(undefined, { onSuccess: setSetup });
  }
  useEffect(() => {
    if (!autoStart || autoStarted.current) return;
    autoStarted.current = true;
    setUp.mutate(undefined, { onSuccess: setSetup });
  }, [autoStart, setUp]);

  if (recoveryCodes) {
    return <RecoveryCodesOnce codes={recoveryCodes} doneLabel={doneLabel} onDone={onEnrolled} />;
  }
  if (!setup) {
    return (
      <div className="two-factor__step">
        {setUp.error ? <Alert tone="error">{errorMessage(setUp.error, t)}</Alert> : null}
        <Button onClick={start} disabled={setUp.isPending}>
          {setUp.isPending ? t('twoFactor.starting') : t('twoFactor.setUp')}
        </Button>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate(
      { code: code.trim() },
      { onSuccess: (answer) => setRecoveryCodes(answer.recoveryCodes) },
    );
  };
  return (
    <form className="two-factor__step" onSubmit={submit} noValidate>
      <p>{t('twoFactor.scan')}</p>
      <img
        className="two-factor__qr"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrCodeSvg)}`}
        alt={t('twoFactor.qrAlt')}
        width={200}
        height={200}
      />
      <p>
        {t('twoFactor.secretLabel')}:{' '}
        <code className="two-factor__secret" data-testid="two-factor-secret">
          {setup.secret}
        </code>
      </p>
      <TextField
        label={t('twoFactor.codeLabel')}
        hint={t('twoFactor.codeHint')}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={32}
        required
        value={code}
        error={codeError(confirm.error, t)}
        onChange={(event) => setCode(event.target.value)}
      />
      <div className="two-factor__actions">
        <Button type="submit" disabled={confirm.isPending || code.trim() === ''}>
          {confirm.isPending ? t('twoFactor.confirming') : t('twoFactor.confirm')}
        </Button>
      </div>
    </form>
  );
}

/**
 * The profile page's "Two-factor sign-in" section: its status (since when, recovery codes left,
 * whether the organization requires it), enrolment, new recovery codes (with a current app code)
 * and turning it off (with the password; not offered when required).
 */
export function TwoFactorSection() {
  const { t } = useTranslation();
  const status = useTwoFactorStatus();
  const formatDate = useDateTimeFormat('date');
  const [enrolling, setEnrolling] = useState(false);

  let body;
  if (status.isPending) body = <Loading />;
  else if (status.isError) {
    body = (
      <LoadError
        title={t('twoFactor.loadFailed')}
        error={status.error}
        onRetry={() => void status.refetch()}
      />
    );
  } else {
    const { enabled, enabledAt, recoveryCodesLeft, required } = status.data;
    body = (
      <>
        <p data-testid="two-factor-status">
          {enabled && enabledAt
            ? t('twoFactor.on', { date: formatDate(enabledAt) })
            : t('twoFactor.off')}
          {enabled ? ` — ${t('twoFactor.codesLeft', { count: recoveryCodesLeft })}` : null}
        </p>
        {required ? <p className="two-factor__muted">{t('twoFactor.required')}</p> : null}
        {!enabled || enrolling ? (
          <TwoFactorEnrolment
            onStarted={() => setEnrolling(true)}
            onEnrolled={() => setEnrolling(false)}
          />
        ) : (
          <>
            <RegenerateRecoveryCodes />
            {required ? null : <TurnOffTwoFactor />}
          </>
        )}
      </>
    );
  }
  return (
    <Card title={t('twoFactor.title')} className="two-factor">
      <p className="two-factor__muted">{t('twoFactor.intro')}</p>
      {body}
    </Card>
  );
}

/** "New recovery codes": a current app code → ten new codes, shown once. */
function RegenerateRecoveryCodes() {
  const { t } = useTranslation();
  const regenerate = useRegenerateRecoveryCodes();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) return <RecoveryCodesOnce codes={codes} onDone={() => setCodes(null)} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    regenerate.mutate(
      { code: code.trim() },
      {
        onSuccess: (answer) => {
          setCode('');
          setCodes(answer.recoveryCodes);
        },
      },
    );
  };
  return (
    <form className="two-factor__step" onSubmit={submit} noValidate>
      <TextField
        label={t('twoFactor.codeLabel')}
        hint={t('twoFactor.regenerateHint')}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={32}
        value={code}
        error={codeError(regenerate.error, t)}
        onChange={(event) => setCode(event.target.value)}
      />
      <div className="two-factor__actions">
        <Button
          type="submit"
          variant="secondary"
          disabled={regenerate.isPending || code.trim() === ''}
        >
          {regenerate.isPending ? t('twoFactor.regenerating') : t('twoFactor.regenerate')}
        </Button>
      </div>
    </form>
  );
}

/** "Turn off": the password → two-factor sign-in is off. */
function TurnOffTwoFactor() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const disable = useDisableTwoFactor();
  const [password, setPassword] = useState('');
  const error = disable.error
    ? isApiError(disable.error) && disable.error.fieldErrors.password
      ? t('twoFactor.wrongPassword')
      : errorMessage(disable.error, t)
    : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    disable.mutate(
      { password },
      {
        onSuccess: () => {
          setPassword('');
          toast({ tone: 'success', title: t('twoFactor.turnedOff') });
        },
      },
    );
  };
  return (
    <form className="two-factor__step" onSubmit={submit} noValidate>
      <TextField
        label={t('twoFactor.password')}
        hint={t('twoFactor.turnOffHint')}
        type="password"
        autoComplete="current-password"
        maxLength={1024}
        value={password}
        error={error}
        onChange={(event) => setPassword(event.target.value)}
      />
      <div className="two-factor__actions">
        <Button type="submit" variant="secondary" disabled={disable.isPending || password === ''}>
          {t('twoFactor.turnOff')}
        </Button>
      </div>
    </form>
  );
}
