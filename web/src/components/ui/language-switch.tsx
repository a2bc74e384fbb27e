import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SUPPORTED_LANGUAGES, changeLanguage, currentLanguage, isLanguage } from '@/i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id} className="language-switch__label">
        {t('header.language')}
      </label>
      <select
        id={id}
        className="select select--compact"
        value={currentLanguage(i18n)}
        onChange={(event) => {
          const next = event.target.value;
          if (isLanguage(next)) void changeLanguage(i18n, next);
        }}
      >
        {SUPPORTED_LANGUAGES.map((language) => (
          // Each language is named in itself, so a person can find their own.
          <option key={language} value={language} lang={language}>
            {t(`languages.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
