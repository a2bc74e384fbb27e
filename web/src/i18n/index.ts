/**
 * Translations: English and French (Canada). Every word a person reads comes from the
 * resource files in `locales/`, so adding a language is adding a file.
 *
 * English's strings (`languages/en.ts`) are in the app's entry: the default language, and the
 * fallback of any other, so every visitor needs them, and an English first render waits for
 * nothing. Any other language's strings are a chunk of their own, downloaded only by a visitor
 * reading it (fr-CA: some 23 KB gzipped, 85 KB of JavaScript to evaluate): main.tsx starts that
 * download beside the page's code (`loadI18n`) and renders once it is in, so the first render is
 * translated; a switch of language loads the new one first (`changeLanguage`).
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, type Translation } from './languages/en';

export const SUPPORTED_LANGUAGES = ['en', 'fr-CA'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const LANGUAGE_STORAGE_KEY = 'docket.language';

/** English: the fallback of any key a language lacks (locales.test.ts keeps fr-CA complete). */
const FALLBACK_LANGUAGE = 'en' satisfies Language;

/** The languages other than English, whose strings are loaded on demand (module comment). */
type LoadedLanguage = Exclude<Language, typeof FALLBACK_LANGUAGE>;

/** Where the strings of each language other than English come from: a chunk per language. */
const LOADERS: Record<LoadedLanguage, () => Promise<Translation>> = {
  'fr-CA': () => import('./languages/fr-CA').then((module) => module.frCA),
};

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

/** Strings of languages other than English, as loaded (`loadI18n`) or imported by the tests. */
export type LoadedTranslations = Partial<Record<LoadedLanguage, Translation>>;

/**
 * An i18next instance reading `language`, initialised synchronously from English's strings and
 * `translations`, which must hold `language` unless it is English. The app gets it from
 * `loadI18n`; the tests from testing/i18n.ts, which imports every language.
 */
export function createI18n(language: Language, translations: LoadedTranslations = {}): I18n {
  const instance = i18next.createInstance();
  instance.on('languageChanged', (lng) => {
    if (typeof document !== 'undefined') document.documentElement.lang = lng;
  });
  void instance.use(initReactI18next).init({
    resources: Object.fromEntries(
      Object.entries({ ...translations, en }).map(([lng, translation]) => [lng, { translation }]),
    ),
    lng: language,
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: SUPPORTED_LANGUAGES,
    // The strings are already here: initialise synchronously so the first render is translated.
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

/**
 * The translations of the visitor's language (`detectLanguage`), its strings loaded first unless
 * it is English (in the entry); English when they cannot be downloaded (offline, a deployment
 * that replaced the chunk), rather than no page at all. Called once, by main.tsx, as early as it
 * can.
 */
export async function loadI18n(language: Language = detectLanguage()): Promise<I18n> {
  if (language === FALLBACK_LANGUAGE) return createI18n(language);
  try {
    return createI18n(language, { [language]: await LOADERS[language]() });
  } catch {
    return createI18n(FALLBACK_LANGUAGE);
  }
}

/**
 * Switches the language and remembers the choice for the next visit; loads its strings first
 * when this page has not loaded them yet.
 */
export async function changeLanguage(instance: I18n, language: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // not remembered, still switched
  }
  if (language !== FALLBACK_LANGUAGE && !instance.hasResourceBundle(language, 'translation')) {
    instance.addResourceBundle(language, 'translation', await LOADERS[language]());
  }
  await instance.changeLanguage(language);
}

export function currentLanguage(instance: I18n): Language {
  const lng = instance.resolvedLanguage ?? instance.language;
  return isLanguage(lng) ? lng : 'en';
}
