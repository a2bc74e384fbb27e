import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { agent } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { SatisfactionSettingsCard } from './satisfaction-settings';

describe('SatisfactionSettingsCard', () => {
  it('shows the settings and saves each change at once', async () => {
    let settings = { enabled: true, scale: 'good_bad' };
    const { requests } = mockFetch({
      'GET /api/satisfaction/settings': () => json(settings),
      'PATCH /api/satisfaction/settings': (request) => {
        settings = { ...settings, ...(request.body as object) };
        return json(settings);
      },
    });
    const { user } = renderWithProviders(<SatisfactionSettingsCard />, {
      user: { ...agent, role: 'ADMIN' },
    });
    const scale = await screen.findByLabelText(/Scale/);
    expect(scale).toHaveValue('good_bad');
    expect(
      screen.getByRole('checkbox', { name: 'Ask requesters to rate resolved tickets' }),
    ).toBeChecked();

    await user.selectOptions(scale, '1 to 5');
    await waitFor(() => expect(screen.getByLabelText(/Scale/)).toHaveValue('five_point'));
    const patches = () => requests.filter((r) => r.method === 'PATCH');
    expect(patches().map((r) => r.body)).toEqual([{ scale: 'five_point' }]);
    expect(await screen.findByText('Satisfaction settings saved')).toBeInTheDocument();

    await user.click(
      screen.getByRole('checkbox', { name: 'Ask requesters to rate resolved tickets' }),
    );
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1]!.body).toEqual({ enabled: false });
  });
});
