/**
 * Inbound email: the text an agent sees for a received mail (the new text only, without the
 * quoted history and the signature). The original mail is kept elsewhere; nothing here changes it.
 *
 * - `mailBodyText` picks the text/plain part, else converts the HTML part (html-to-text).
 * - `extractReply` strips quotes and signatures with email-reply-parser (crisp-oss), which knows
 *   the quote headers and trailers of the common clients ("On … wrote:", also wrapped over two
 *   lines, "Le … a écrit :", "-----Original Message-----", `>` lines, "-- ", "Sent from my …",
 *   "Get Outlook for …"). It runs here without its optional `re2` peer, on JavaScript regular
 *   expressions, some of which take super-linear time on large or crafted input; its input is
 *   therefore bounded (PARSER_MAX_CHARS, fewer when the text invites the worst pattern).
 *   What it misses is handled before it: the Outlook header block ("From: … Sent: … To: …
 *   Subject:") when the sender has no address in brackets, and a separator line with no blank
 *   line above it.
 */
import EmailReplyParser from 'email-reply-parser';
import { compile } from 'html-to-text';

/** HTML parts longer than this (in UTF-16 code units, ~2 MB) are cut before conversion. */
const HTML_MAX_CHARS = 2 * 1024 * 1024;
/** Only this much of a body (in UTF-16 code units, ~1 MB) is examined by `extractReply`. */
const BODY_MAX_CHARS = 1024 * 1024;
/** Most text handed to the reply parser: its worst patterns grow quadratically or worse. */
const PARSER_MAX_CHARS = 16 * 1024;
/**
 * Its Danish/Norwegian "… skrev …:" header pattern backtracks cubically in the number of
 * "skrev" words; text with more of them than this is parsed only up to PARSER_SKREV_MAX_CHARS.
 */
const PARSER_SKREV_MAX_COUNT = 4;
const PARSER_SKREV_MAX_CHARS = 2 * 1024;

/** A separator line some clients put above the quoted mail. */
const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(original message|message d'origine|ursprüngliche nachricht)\s*-{2,}\s*$/i;
/** The lines of an Outlook header block, in English and French (optionally bold: `*From:*`). */
const HEADER_FROM = /^\s*\*?(from|de)\s?:/i;
const HEADER_SENT = /^\s*\*?(sent|date|envoyé)\s?:/i;
const HEADER_SUBJECT = /^\s*\*?(subject|objet)\s?:/i;
/** How many lines an Outlook header block spans at most, "From:" to "Subject:". */
const HEADER_BLOCK_LINES = 6;

const parser = new EmailReplyParser();

/**
 * A received mail's HTML as text (mailBodyText's rules), compiled once: html-to-text's `convert`
 * builds its selectors' picker at every call (lib/markdown.ts htmlToText).
 */
const htmlMailToText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'head', format: 'skip' },
  ],
});

/**
 * The plain text of a received mail.
 *
 * @param text the text/plain part, if the mail has one
 * @param html the text/html part, if the mail has one; over 2 MB it is cut before conversion
 * @returns `text` when it is non-blank, else `html` converted with html-to-text (links as
 *   `text [url]`, images, scripts and styles dropped, quoted `<blockquote>` as `> ` lines, no
 *   markup left), else ''; CRLF becomes LF, trailing whitespace and blank lines at the end go.
 *   Never throws. The parts are those of a MIME multipart/alternative mail (RFC 2046 §5.1.4).
 */
export function mailBodyText(text: string | undefined, html: string | undefined): string {
  if (text !== undefined && text.trim() !== '') return normalise(text);
  if (html === undefined || html.trim() === '') return '';
  return normalise(htmlMailToText(html.slice(0, HTML_MAX_CHARS)));
}

/**
 * The new text of a reply: the body without its quoted history and signature block.
 *
 * @param body the plain text of the mail (see `mailBodyText`); only its first 1 MB is examined
 * @returns `reply`, the kept text (CRLF as LF, trailing whitespace trimmed, runs of blank lines
 *   as one), and `stripped`, whether anything was removed. When stripping would leave nothing
 *   (the whole mail is a quote, or a blank reply above one), `reply` is the examined body and
 *   `stripped` false. Never throws. The markers are those of the clients (see the module
 *   comment); the "-- " signature delimiter is the one of RFC 3676 §4.3.
 */
export function extractReply(body: string): { reply: string; stripped: boolean } {
  const full = normalise(body.slice(0, BODY_MAX_CHARS)).replace(/\n{3,}/g, '\n\n');
  const lines = full.split('\n');
  const head = lines.slice(0, quoteBlockStart(lines)).join('\n');
  const limit = parserLimit(head);
  const parsed = head.length > limit ? head.slice(0, head.lastIndexOf('\n', limit) + 1) : head;
  const visible = normalise(parser.parseReply(parsed));
  // Nothing found within the parsed part: what lies beyond it is kept as it is.
  const reply = visible === normalise(parsed) ? normalise(head) : visible;
  if (reply === '') return { reply: full, stripped: false };
  return { reply, stripped: reply !== full };
}

/** The index of the first line of an Outlook-style quoted mail, or `lines.length`. */
function quoteBlockStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (ORIGINAL_MESSAGE.test(line)) return i;
    if (!HEADER_FROM.test(line)) continue;
    const block = lines.slice(i + 1, i + HEADER_BLOCK_LINES);
    if (block.some((l) => HEADER_SENT.test(l)) && block.some((l) => HEADER_SUBJECT.test(l))) {
      return i;
    }
  }
  return lines.length;
}

/** How many characters of `text` the reply parser may see (see PARSER_MAX_CHARS). */
function parserLimit(text: string): number {
  const skrev = text.slice(0, PARSER_MAX_CHARS).match(/\sskrev\s/g)?.length ?? 0;
  return skrev > PARSER_SKREV_MAX_COUNT ? PARSER_SKREV_MAX_CHARS : PARSER_MAX_CHARS;
}

/** CRLF/CR to LF, trailing whitespace off every line, leading and trailing blank lines off. */
function normalise(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
}
