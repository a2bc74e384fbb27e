import { Suspense, lazy } from 'react';
import '@/styles/markdown.css';

/** The rendered Markdown, loaded on first use (markdown-it and DOMPurify: see render-markdown.ts). */
const MarkdownHtml = lazy(() => import('./markdown-html'));

/**
 * A response's content as its author wrote it (docs/product.md "Markdown"): `markdown` (staff
 * replies and notes) rendered and sanitized, `text` (customers, mail, chat, and every response
 * from before Markdown) shown as typed, line breaks kept, nothing interpreted. Until the
 * renderer has loaded, Markdown shows as its plain text.
 */
export function MarkdownContent({
  content,
  format,
  className,
}: {
  content: string;
  format: 'markdown' | 'text';
  /** Added to `markdown-content` (e.g. `response__content prose`). */
  className?: string;
}) {
  const classes = ['markdown-content', className].filter(Boolean).join(' ');
  const plain = (
    <div className={`${classes} markdown-content--text`} data-format="text">
      {content}
    </div>
  );
  if (format === 'text') return plain;
  return (
    <Suspense fallback={plain}>
      <MarkdownHtml content={content} className={classes} />
    </Suspense>
  );
}
