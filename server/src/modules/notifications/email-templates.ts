/**
 * The email notifications' templates ("a plain-text and an HTML part from templates in
 * English and French (fr-CA)"). One server-side i18next instance holds the texts of
 * locales/en.ts and locales/fr-CA.ts; a mail is a list of blocks (paragraphs, a quoted reply,
 * label/value details, a link) rendered twice: as plain text (no escaping) and as HTML (every
 * interpolated value and every block value HTML-escaped, i18next `escapeValue` for the texts;
 * a Markdown reply rendered and sanitized by lib/markdown.ts, and as clean text in the text part).
 * Pure: no database, no clock (dates are formatted by the caller's `formatDate`).
 */
import i18next from 'i18next';
import { renderMarkdown, renderedMarkdownToText } from '../../lib/markdown.js';
import { en } from './locales/en.js';
import { frCA } from './locales/fr-CA.js';

/** The languages mails are written in; anything else falls back to English. */
export const EMAIL_LOCALES = ['en', 'fr-CA'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

export type { EmailKind } from './email-kinds.js';

/** `en`, `fr-CA` (also `fr`, `fr-FR`, … → fr-CA); anything else → `en`. */
export function emailLocaleOf(tag: string | null | undefined): EmailLocale {
  return tag && /^fr(-|$)/i.test(tag) ? 'fr-CA' : 'en';
}

const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { translation: en }, 'fr-CA': { translation: frCA } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...EMAIL_LOCALES],
  initAsync: false,
  returnNull: false,
  // HTML escaping of interpolated values: this instance escapes (the HTML part), its clone does
  // not (subjects, the text part). Two instances asked by `t(key, {lng})`, rather than
  // `interpolation` options on each call (i18next then rebuilds its interpolation patterns)
  // through getFixedT's functions (they copy every option of the instance per call): a mail's
  // rendering went from 0.26–0.30 to 0.11 ms (bench/README.md "What the outbox's work costs").
  interpolation: { escapeValue: true },
});
const unescapedI18n = i18n.cloneInstance({ interpolation: { escapeValue: false } });

type Vars = Record<string, string | number>;

/** A translation key with its interpolation values (not escaped yet). */
export interface Text {
  key: string;
  vars?: Vars;
}

/** What a mail is made of, rendered the same way in both parts. */
export type Block =
  | { type: 'paragraph'; text: Text }
  | { type: 'quote'; content: string }
  /** A reply written in Markdown (lib/markdown.ts): sanitized HTML, and clean text. */
  | { type: 'markdown'; content: string }
  | { type: 'details'; rows: { label: Text; value: string }[] }
  | { type: 'link'; label: Text; url: string }
  /** A question answered by one of several links (the satisfaction rating), in a row. */
  | { type: 'choices'; text: Text; options: { label: Text; url: string }[]; hint?: Text }
  | { type: 'footer'; text: Text };

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** HTML-escapes a value for text content and double-quoted attributes (OWASP rule #1/#2). */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `key` in `locale` without escaping (subjects, the text part, calendar entries). */
export function plain(locale: EmailLocale, text: Text): string {
  return unescapedI18n.t(text.key, { ...text.vars, lng: locale });
}

/** `key` in `locale` with its values HTML-escaped. */
function escaped(locale: EmailLocale, text: Text): string {
  return i18n.t(text.key, { ...text.vars, lng: locale });
}

/**
 * Renders a mail: `subject` (plain text), `text` (the plain-text part) and `html` (a complete,
 * self-contained HTML document with inline styles, as mail clients require).
 */
export function renderEmail(locale: EmailLocale, subject: Text, blocks: Block[]): EmailContent {
  const subjectLine = plain(locale, subject).replace(/[\r\n]+/g, ' ');
  // A Markdown block's HTML, rendered once for both parts.
  const rendered = new Map<Block, string>();
  const markdownHtml = (block: Block & { type: 'markdown' }) => {
    let html = rendered.get(block);
    if (html === undefined) rendered.set(block, (html = renderMarkdown(block.content)));
    return html;
  };
  const textParts = blocks.map((block) => {
    switch (block.type) {
      case 'paragraph':
        return plain(locale, block.text);
      case 'quote':
        return block.content
          .split(/\r?\n/)
          .map((line) => (line ? `> ${line}` : '>'))
          .join('\n');
      case 'markdown':
        return renderedMarkdownToText(markdownHtml(block))
          .split('\n')
          .map((line) => (line ? `> ${line}` : '>'))
          .join('\n');
      case 'details':
        return block.rows.map((row) => `${plain(locale, row.label)}: ${row.value}`).join('\n');
      case 'link':
        return `${plain(locale, block.label)}:\n${block.url}`;
      case 'choices':
        return [
          plain(locale, block.text),
          ...(block.hint ? [plain(locale, block.hint)] : []),
          ...block.options.map((o) => `${plain(locale, o.label)}: ${o.url}`),
        ].join('\n');
      case 'footer':
        return `--\n${plain(locale, block.text)}`;
    }
  });
  const htmlParts = blocks.map((block) => {
    switch (block.type) {
      case 'paragraph':
        return `<p style="margin:0 0 16px">${escaped(locale, block.text)}</p>`;
      case 'quote':
        return `<blockquote style="margin:0 0 16px;padding:12px 16px;border-left:4px solid #3b5bdb;background:#f1f3f9;white-space:pre-wrap">${escapeHtml(block.content)}</blockquote>`;
      case 'markdown':
        return `<blockquote style="margin:0 0 16px;padding:12px 16px;border-left:4px solid #3b5bdb;background:#f1f3f9">${markdownHtml(block)}</blockquote>`;
      case 'details':
        return `<table role="presentation" style="margin:0 0 16px;border-collapse:collapse">${block.rows
          .map(
            (row) =>
              `<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;font-weight:600;vertical-align:top">${escaped(locale, row.label)}</th><td style="padding:4px 0">${escapeHtml(row.value)}</td></tr>`,
          )
          .join('')}</table>`;
      case 'link':
        return `<p style="margin:0 0 16px"><a href="${escapeHtml(block.url)}" style="display:inline-block;padding:10px 18px;background:#3b5bdb;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600">${escaped(locale, block.label)}</a></p><p style="margin:0 0 16px;font-size:12px;color:#52606d;word-break:break-all">${escapeHtml(block.url)}</p>`;
      case 'choices':
        return `<p style="margin:0 0 8px;font-weight:600">${escaped(locale, block.text)}</p>${block.hint ? `<p style="margin:0 0 8px;font-size:12px;color:#52606d">${escaped(locale, block.hint)}</p>` : ''}<p style="margin:0 0 16px">${block.options
          .map(
            (o) =>
              `<a href="${escapeHtml(o.url)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 14px;border:1px solid #3b5bdb;color:#3b5bdb;text-decoration:none;border-radius:6px;font-weight:600">${escaped(locale, o.label)}</a>`,
          )
          .join('')}</p>`;
      case 'footer':
        return `<hr style="border:none;border-top:1px solid #d9dde3;margin:24px 0 12px"><p style="margin:0;font-size:12px;color:#52606d">${escaped(locale, block.text)}</p>`;
    }
  });
  const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subjectLine)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7">
<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;color:#1f2933;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5">
${htmlParts.join('\n')}
</div>
</body>
</html>
`;
  return { subject: subjectLine, text: `${textParts.join('\n\n')}\n`, html };
}
