import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { AvailabilityToggle } from './availability-toggle';

describe('AvailabilityToggle', () => {
  it('shows the status it reads and PUTs the other one when pressed', async () => {
    let status = 'available';
    const { requests } = mockFetch({
      'GET /api/me/availability': () => json({ status }),
      'PUT /api/me/availability': (request) => {
        status = (request.body as { status: string }).status;
        return json({ status });
      },
    });
    const { user } = renderWithProviders(<AvailabilityToggle />, { user: agent });
    const toggle = await screen.findByRole('switch', { name: 'Availability: Available' });
    expect(toggle).toBeChecked();

    await user.click(toggle);
    await waitFor(() => expect(requests.some((r) => r.method === 'PUT')).toBe(true));
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({ status: 'away' });
    const away = await screen.findByRole('switch', { name: 'Availability: Away' });
    expect(away).not.toBeChecked();
    expect(away).toHaveTextContent('Away');

    await user.click(away);
    expect(await screen.findByRole('switch', { name: 'Availability: Available' })).toBeChecked();
    expect(requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([
      { status: 'away' },
      { status: 'available' },
    ]);
  });

  it('keeps the status and says so when the change is refused', async () => {
    mockFetch({
      'GET /api/me/availability': () => json({ status: 'away' }),
      'PUT /api/me/availability': () =>
        problemJson({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'forbidden' }),
    });
    const { user } = renderWithProviders(<AvailabilityToggle />, {
      user: agent,
      language: 'fr-CA',
    });
    await user.click(await screen.findByRole('switch', { name: 'Disponibilité : Absent' }));
    expect(
      await screen.findByText('Impossible de changer votre disponibilité.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'Disponibilité : Absent' })).not.toBeChecked();
  });
});
