import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { RateBody, SatisfactionState } from '@docket/server/contract/satisfaction';
import { ApiError } from '@/lib/api-client';
import { problem } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/test-utils';
import { scoreFromRateParam } from '../utils/rating-choice';
import { SatisfactionWidget } from './satisfaction-widget';

const open: SatisfactionState = {
  scale: 'good_bad',
  rating: null,
  open: true,
  resolvedAt: '2026-12-01T10:00:00.000Z',
  changeableUntil: null,
};

describe('SatisfactionWidget (tracker and portal)', () => {
  it('asks "How did we do?" and sends the chosen answer with the reason and comment', async () => {
    const submit = vi.fn<(body: RateBody) => Promise<unknown>>().mockResolvedValue(undefined);
    renderWithProviders(<SatisfactionWidget state={open} submit={submit} />);
    const user = userEvent.setup();
    expect(screen.getByRole('heading', { name: 'How did we do?' })).toBeInTheDocument();
    const send = screen.getByRole('button', { name: 'Send rating' });
    expect(send).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Bad' }));
    expect(screen.getByRole('button', { name: 'Bad' })).toHaveAttribute('aria-pressed', 'true');
    await user.selectOptions(
      screen.getByLabelText('What could be better? (optional)'),
      'It took too long',
    );
    await user.type(screen.getByLabelText('Comment (optional)'), '  Three days for a reply. ');
    await user.click(send);
    expect(submit).toHaveBeenCalledWith({
      score: 1,
      reason: 'slow',
      comment: 'Three days for a reply.',
    });
    expect(await screen.findByRole('heading', { name: 'Thanks for your feedback' })).toBeVisible();
  });

  it('shows the answer of the mail link selected, and sends nothing until confirmed', async () => {
    const submit = vi.fn<(body: RateBody) => Promise<unknown>>().mockResolvedValue(undefined);
    const state: SatisfactionState = { ...open, scale: 'five_point' };
    renderWithProviders(
      <SatisfactionWidget
        state={state}
        submit={submit}
        preselected={scoreFromRateParam('4', 'five_point')}
      />,
    );
    expect(screen.getByRole('button', { name: '4/5' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getAllByRole('button', { pressed: false })).toHaveLength(4);
    expect(submit).not.toHaveBeenCalled();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Send rating' }));
    expect(submit).toHaveBeenCalledWith({ score: 4, reason: null, comment: null });
  });

  it('thanks with the rating given, offers to change it while open, and explains a refusal', async () => {
    const submit = vi
      .fn<(body: RateBody) => Promise<unknown>>()
      .mockRejectedValue(
        new ApiError(problem({ status: 409, code: 'rating_closed', title: 'Conflict' })),
      );
    const rated: SatisfactionState = {
      ...open,
      rating: {
        score: 5,
        comment: 'Quick, thanks',
        reason: null,
        createdAt: '2026-12-01T11:00:00.000Z',
        updatedAt: '2026-12-01T11:00:00.000Z',
      },
      changeableUntil: '2026-12-08T11:00:00.000Z',
    };
    renderWithProviders(<SatisfactionWidget state={rated} submit={submit} />);
    const user = userEvent.setup();
    expect(screen.getByText(/Your rating: Good/)).toHaveTextContent('Quick, thanks');
    await user.click(screen.getByRole('button', { name: 'Change my rating' }));
    expect(screen.getByRole('button', { name: 'Good' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Bad' }));
    await user.click(screen.getByRole('button', { name: 'Send rating' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This rating can no longer be changed.',
    );
  });

  it('shows nothing when no rating may be given and none was', () => {
    renderWithProviders(<SatisfactionWidget state={{ ...open, open: false }} submit={vi.fn()} />);
    expect(screen.queryByTestId('satisfaction')).not.toBeInTheDocument();
  });

  it('reads the mail link parameter only for the scale offered', () => {
    expect(scoreFromRateParam('good', 'good_bad')).toBe(5);
    expect(scoreFromRateParam('bad', 'good_bad')).toBe(1);
    expect(scoreFromRateParam('3', 'good_bad')).toBeNull();
    expect(scoreFromRateParam('3', 'five_point')).toBe(3);
    expect(scoreFromRateParam('9', 'five_point')).toBeNull();
    expect(scoreFromRateParam(null, 'five_point')).toBeNull();
  });
});
