/**
 * Markdown → safe HTML for the SPA (docs/product.md "Markdown"), with the rules the server's
 * mails use (server/src/lib/markdown.ts): markdown-it with raw HTML off (`html: false`: a
 * `<script>` in the source is shown as text), bare URLs linked, a line break kept, no tables;
 * headings stepped down (h1, h2 → h3; h3–h6 → h4) and an image shown as a link to it (no
 * remote image is loaded). Then DOMPurify keeps only p, br, strong, em, s, code, pre,
 * blockquote, ul, ol, li, h3, h4, hr and a (http, https or mailto; opened in a new tab with
 * rel="noopener noreferrer nofollow").
 * Loaded lazily by MarkdownContent: markdown-it and DOMPurify stay out of the first load.
 */
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true }).disable('table');

/** h1, h2 → h3; h3–h6 → h4 (a reply never outranks the page's own headings). */
function stepDown(tag: string): string {
  return Number(tag.slice(1)) <= 2 ? 'h3' : 'h4';
}
markdown.renderer.rules.heading_open = (tokens, index, options, _env, self) => {
  tokens[index]!.tag = stepDown(tokens[index]!.tag);
  return self.renderToken(tokens, index, options);
};
markdown.renderer.rules.heading_close = (tokens, index, options, _env, self) => {
  tokens[index]!.tag = stepDown(tokens[index]!.tag);
  return self.renderToken(tokens, index, options);
};
markdown.renderer.rules.image = (tokens, index) => {
  const token = tokens[index]!;
  const src = String(token.attrGet('src') ?? '');
  const alt = markdown.utils.escapeHtml(token.content || src);
  return `<a href="${markdown.utils.escapeHtml(src)}">${alt}</a>`;
};

const purifier = DOMPurify();
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    if (!node.getAttribute('href')) {
      node.removeAttribute('target');
      return;
    }
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

const PURIFY_CONFIG = {
  ALLOWED_TAGS: [
    'p',
    'br',
    'strong',
    'em',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h3',
    'h4',
    'hr',
  ],
  ALLOWED_ATTR: ['href', 'rel', 'target', 'start'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  ALLOW_DATA_ATTR: false,
};

/** The Markdown `source` as sanitized HTML, to set as an element's innerHTML. */
export function renderMarkdown(source: string): string {
  return purifier.sanitize(markdown.render(source), PURIFY_CONFIG);
}
