import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RouteObject } from 'react-router';
import { setSession, getSessionToken } from '@/lib/session';
import { agent, problem } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderRoutes } from '@/testing/test-utils';
import { AppRoot } from './routes/app-root';
import { SignInRoute } from './routes/sign-in';

const routes: RouteObject[] = [
  { path: '/sign-in', Component: SignInRoute },
  {
    path: '/',
    Component: AppRoot,
    children: [{ path: 'tickets', element: <p>The ticket list</p> }],
  },
];

describe('signing in', () => {
  it('sends a signed-out visitor to sign-in, then back to the page they wanted', async () => {
    const { requests } = mockFetch({
      'POST /api/auth/login': ({ body }) => {
        const { password } = body as { password: string };
        return password === 'docket-demo'
          ? json({ accessToken: 'jwt-1', tokenType: 'Bearer', expiresIn: 900, user: agent })
          : problemJson(problem({ status: 401, code: 'unauthorized', title: 'Unauthorized' }));
      },
    });
    const { user, router } = renderRoutes(routes, { route: '/tickets?status=OPEN' });

    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(router.state.location.search).toBe(
      `?redirectTo=${encodeURIComponent('/tickets?status=OPEN')}`,
    );

    await user.type(await screen.findByLabelText('Email'), 'agent@acme.test');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The email or password is incorrect.',
    );
    expect(getSessionToken()).toBeNull();

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'docket-demo');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('The ticket list')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/tickets');
    expect(router.state.location.search).toBe('?status=OPEN');
    expect(getSessionToken()).toBe('jwt-1');
    // The header names the signed-in user and their role.
    const banner = screen.getByRole('banner');
    expect(banner).toHaveTextContent('Docket');
    expect(banner).toHaveTextContent('Alex Agent');
    expect(banner).toHaveTextContent('Agent');
    expect(requests.filter((r) => r.url.pathname === '/api/auth/login')).toHaveLength(2);
  });

  it('disables the button while signing in', async () => {
    let release: (response: Response) => void = () => {};
    mockFetch({
      'POST /api/auth/login': () => new Promise<Response>((resolve) => (release = resolve)),
    });
    const { user } = renderRoutes(routes, { route: '/sign-in' });

    await user.type(await screen.findByLabelText('Email'), 'agent@acme.test');
    await user.type(screen.getByLabelText('Password'), 'docket-demo');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('button', { name: 'Signing in…' })).toBeDisabled();
    release(json({ accessToken: 'jwt-2', tokenType: 'Bearer', expiresIn: 900, user: agent }));
    await waitFor(() => expect(getSessionToken()).toBe('jwt-2'));
  });

  it('a 401 from the API ends the session and keeps the page to return to', async () => {
    setSession('revoked', 900);
    mockFetch({
      'GET /api/auth/me': () =>
        problemJson(problem({ status: 401, code: 'unauthorized', title: 'Unauthorized' })),
    });
    const { router } = renderRoutes(routes, { route: '/tickets?priority=CRITICAL' });

    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(new URLSearchParams(router.state.location.search).get('redirectTo')).toBe(
      '/tickets?priority=CRITICAL',
    );
    expect(getSessionToken()).toBeNull();
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('signing out ends the session on the server and returns to the sign-in page', async () => {
    setSession('valid', 900);
    const { requests } = mockFetch({
      'GET /api/auth/me': () => json(agent),
      'POST /api/auth/logout': () => new Response(null, { status: 204 }),
    });
    const { user, router } = renderRoutes(routes, { route: '/tickets' });

    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(getSessionToken()).toBeNull();
    const logout = requests.find((r) => r.url.pathname === '/api/auth/logout');
    expect(logout?.headers.get('authorization')).toBe('Bearer valid');
  });

  it('a reload without an access token renews it from the session cookie and stays', async () => {
    const { requests } = mockFetch({
      'POST /api/auth/refresh': () =>
        json({ accessToken: 'renewed', tokenType: 'Bearer', expiresIn: 900, user: agent }),
      'GET /api/auth/me': () => json(agent),
    });
    const { router } = renderRoutes(routes, { route: '/tickets' });

    expect(await screen.findByText('The ticket list')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/tickets');
    expect(getSessionToken()).toBe('renewed');
    expect(
      requests.find((r) => r.url.pathname === '/api/auth/me')?.headers.get('authorization'),
    ).toBe('Bearer renewed');
  });
});
