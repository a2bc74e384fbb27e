/**
 * Translations: English and French (Canada). Every word a person reads comes from the
 * resource files in `locales/`, so adding a language is adding a file.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, frCA } from './resources';

export const SUPPORTED_LANGUAGES = ['en', 'fr-CA'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const LANGUAGE_STORAGE_KEY = 'docket.language';

export const resources = {
  en: { translation: en },
  'fr-CA': { translation: frCA },
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/** The person's earlier choice, else the browser's preference (any French → fr-CA), else English. */
export function detectLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage unavailable: fall through to the browser's preference
  }
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages;
  for (const tag of preferred) {
    if (tag.toLowerCase().startsWith('fr')) return 'fr-CA';
    if (tag.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

export function createI18n(language: Language = detectLanguage()): I18n {
  const instance = i18next.createInstance();
  instance.on('languageChanged', (lng) => {
    if (typeof document !== 'undefined') document.documentElement.lang = lng;
  });
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: SUPPORTED_LANGUAGES,
    // Resources are bundled: initialise synchronously so the first render is translated.
    initAsync: false,
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    // The defaults, said explicitly: i18next then skips guessing, on every `t` call, whether the
    // key might be a natural-language sentence (a measurable part of rendering a long list).
    keySeparator: '.',
    nsSeparator: ':',
  });
  return instance;
}

/** Switches the language and remembers the choice for the next visit. */
export async function changeLanguage(instance: I18n, language: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // not remembered, still switched
  }
  await instance.changeLanguage(language);
}

export function currentLanguage(instance: I18n): Language {
  const lng = instance.resolvedLanguage ?? instance.language;
  return isLanguage(lng) ? lng : 'en';
}
