/**
 * Signing in through the real sign-in form, for browser tests.
 *
 * Opens `start` (the dashboard's root by default: an anonymous visitor is sent to the sign-in
 * page, which is itself under test), waits for the form, fills it and submits. When the form has
 * not appeared after `formWaitMs`, it writes what the page showed instead (address, visible text,
 * console errors, failed requests) to stderr and reloads once: a browser that stalls on one
 * navigation then fails with a diagnosis instead of a bare locator timeout.
 */
import type { Page } from 'playwright-core';

export const DEMO_PASSWORD = 'docket-demo';

export interface SignInOptions {
  password?: string;
  /** Path to open first; default `/`. */
  start?: string;
  formWaitMs?: number;
}

/** Fills and submits the sign-in form as `email`. Resolves once the form is submitted. */
export async function signInAs(
  page: Page,
  baseUrl: string,
  email: string,
  { password = DEMO_PASSWORD, start = '/', formWaitMs = 20_000 }: SignInOptions = {},
): Promise<void> {
  const problems: string[] = [];
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  };
  const onFailed = (request: { url(): string; failure(): { errorText: string } | null }) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  page.on('console', onConsole);
  page.on('requestfailed', onFailed);
  try {
    await page.goto(`${baseUrl}${start}`);
    const email$ = page.getByLabel('Email');
    try {
      await email$.waitFor({ timeout: formWaitMs });
    } catch {
      const text = await page
        .evaluate(() => document.body.innerText.slice(0, 400))
        .catch(() => '(unreadable)');
      process.stderr.write(
        `signInAs: no sign-in form after ${formWaitMs} ms at ${page.url()}; page text: ${JSON.stringify(text)}; ${problems.join(' | ') || 'no console errors or failed requests'}. Reloading once.\n`,
      );
      await page.reload();
    }
    await email$.fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  } finally {
    page.off('console', onConsole);
    page.off('requestfailed', onFailed);
  }
}

/**
 * An access token for `email` through `POST /api/auth/login` (the demo password by default), for
 * tests that set things up through the API as a person would.
 * @throws when the sign-in is refused
 */
export async function apiTokenOf(
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`POST /api/auth/login as ${email}: ${login.status}`);
  return ((await login.json()) as { accessToken: string }).accessToken;
}
