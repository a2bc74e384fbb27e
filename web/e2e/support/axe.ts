/**
 * Accessibility check for browser tests: injects axe-core (`axe.source`) into the page and fails when it finds
 * any violation of impact "serious" or "critical" (axe's WCAG 2.x A/AA rules plus its best
 * practices), listing each one with its rule id, help text and the offending elements' selectors.
 *
 * Usage: `await expectNoSeriousA11yViolations(page, 'ticket list (1280 px)')` once the page has
 * rendered what you want checked. The page keeps the injected `window.axe` afterwards (harmless).
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** One reported axe violation, flattened for the failure message. */
export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: string[];
}

const blocking = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the whole document of `page` and returns every serious/critical violation
 * (empty when none). Rules: axe's defaults (wcag2a, wcag2aa, wcag21a/aa, wcag22aa, best-practice).
 */
export async function findSeriousA11yViolations(page: Page): Promise<A11yViolation[]> {
  const injected = await page.evaluate(() => 'axe' in window);
  // Evaluated through the DevTools protocol rather than added as a <script>: Docket's
  // Content-Security-Policy (script-src 'self') rightly refuses inline scripts.
  if (!injected) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.map((t) => String(t)).join(' > ')),
    }));
  });
  return violations.filter((v) => blocking.has(v.impact));
}

/**
 * Throws (failing the test) when axe-core finds serious or critical violations on `page`; the
 * message names the `context` (e.g. 'ticket page at 375 px') and lists each violation as
 * `[impact] id: help (helpUrl)` followed by its target selectors.
 */
export async function expectNoSeriousA11yViolations(page: Page, context?: string): Promise<void> {
  const violations = await findSeriousA11yViolations(page);
  if (violations.length === 0) return;
  const where = context ?? page.url();
  const lines = violations.map(
    (v) =>
      `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
      v.targets.map((t) => `    at ${t}`).join('\n'),
  );
  throw new Error(
    `axe-core found ${violations.length} serious/critical accessibility violation(s) on ${where}:\n${lines.join('\n')}`,
  );
}
