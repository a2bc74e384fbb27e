import { useMemo } from 'react';
import { renderMarkdown } from './render-markdown';

/**
 * Markdown rendered to sanitized HTML (render-markdown.ts: markdown-it, then DOMPurify's
 * allow-list). The lazy half of MarkdownContent, its default export for React.lazy.
 */
export default function MarkdownHtml({
  content,
  className,
}: {
  content: string;
  className: string;
}) {
  const html = useMemo(() => renderMarkdown(content), [content]);
  // Sanitized by DOMPurify with a strict allow-list just above: no script, no handler, no style.
  return (
    <div className={className} data-format="markdown" dangerouslySetInnerHTML={{ __html: html }} />
  );
}
