import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RouteObject } from 'react-router';
import { portalPathFor } from '@/config/paths';
import { setSession } from '@/lib/session';
import { agent, customer } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderRoutes } from '@/testing/test-utils';
import { AppRoot } from './routes/app-root';
import { PortalRoot } from './routes/portal/portal-root';
import { SignInRoute } from './routes/sign-in';

const routes: RouteObject[] = [
  { path: '/sign-in', Component: SignInRoute },
  {
    path: '/portal',
    Component: PortalRoot,
    children: [
      { index: true, element: <p>My tickets page</p> },
      { path: 'new', element: <p>Portal create form</p> },
      { path: 'tickets/:ticketId', element: <p>Portal ticket page</p> },
    ],
  },
  {
    path: '/',
    Component: AppRoot,
    children: [
      { path: 'tickets', element: <p>The dashboard list</p> },
      { path: 'tickets/new', element: <p>The dashboard form</p> },
      { path: 'tickets/:ticketId', element: <p>The dashboard ticket</p> },
    ],
  },
];

describe('who goes where', () => {
  it('takes a customer who opens a dashboard address to the same place in the portal', async () => {
    setSession('customer-jwt', 900);
    mockFetch({ 'GET /api/auth/me': () => json(customer) });
    const { router } = renderRoutes(routes, { route: '/tickets/TKT-00042' });

    expect(await screen.findByText('Portal ticket page')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/portal/tickets/TKT-00042');
    expect(screen.queryByText('The dashboard ticket')).not.toBeInTheDocument();
    // The portal's own header: the customer's name and sign-out, no dashboard navigation.
    const banner = screen.getByRole('banner');
    expect(banner).toHaveTextContent('Casey Customer');
    expect(screen.queryByRole('link', { name: 'Tickets' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'My tickets' })).toHaveAttribute('href', '/portal');
  });

  it('sends agents who open the portal to the dashboard', async () => {
    setSession('agent-jwt', 900);
    mockFetch({ 'GET /api/auth/me': () => json(agent) });
    const { router } = renderRoutes(routes, { route: '/portal' });

    expect(await screen.findByText('The dashboard list')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/tickets');
  });

  it('asks a signed-out visitor of the portal to sign in, then brings them back', async () => {
    mockFetch({});
    const { router } = renderRoutes(routes, { route: '/portal/new' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(router.state.location.search).toBe(`?redirectTo=${encodeURIComponent('/portal/new')}`);
  });

  it('maps dashboard addresses to portal ones', () => {
    expect(portalPathFor('/tickets/TKT-00042')).toBe('/portal/tickets/TKT-00042');
    expect(portalPathFor('/tickets/new')).toBe('/portal/new');
    expect(portalPathFor('/tickets')).toBe('/portal');
    expect(portalPathFor('/')).toBe('/portal');
    expect(portalPathFor('/tickets/%E0%A4%A')).toBe('/portal');
  });
});
