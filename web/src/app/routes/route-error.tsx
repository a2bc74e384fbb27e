import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';

/** Shown when a page throws while rendering or its code cannot be loaded (e.g. after a deploy). */
export function RouteError() {
  const { t } = useTranslation();
  return (
    <main id="main" className="page page--centered">
      <div className="alert alert--error" role="alert">
        <p className="alert__title">{t('routeError.title')}</p>
        <div className="alert__body">{t('routeError.body')}</div>
        <div className="alert__action">
          <Button variant="secondary" onClick={() => window.location.reload()}>
            {t('routeError.reload')}
          </Button>
        </div>
      </div>
    </main>
  );
}
