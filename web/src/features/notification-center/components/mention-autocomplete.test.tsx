import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useRef, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { agent } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { MentionAutocomplete } from './mention-autocomplete';

const staff = [
  { id: '00000000-0000-4000-8000-000000000001', name: 'Alice Agent' },
  { id: '00000000-0000-4000-8000-000000000002', name: 'Alvaro Admin' },
  { id: '00000000-0000-4000-8000-000000000003', name: 'Camille Tremblay' },
];

function Box({ onKey }: { onKey?: (key: string) => void }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState('');
  return (
    <>
      <label htmlFor="note">Note</label>
      <textarea
        id="note"
        ref={ref}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => onKey?.(event.key)}
      />
      <MentionAutocomplete textareaRef={ref} value={value} onChange={setValue} enabled />
    </>
  );
}

describe('MentionAutocomplete', () => {
  it('lists matching staff after @, moves with the arrows and inserts "@Full Name " on Enter', async () => {
    const { requests } = mockFetch({
      'GET /api/users': () => json({ data: staff, nextCursor: null }),
    });
    const keys: string[] = [];
    const { user } = renderWithProviders(<Box onKey={(key) => keys.push(key)} />, { user: agent });
    const box = screen.getByLabelText('Note');
    await user.click(box);
    await user.keyboard('Hi @al');
    const listbox = await screen.findByRole('listbox', { name: 'People to mention' });
    expect(requests[0]!.url.searchParams.get('role')).toBe('AGENT,ADMIN');
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Alice Agent', 'Alvaro Admin']);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    expect(box).toHaveAttribute('aria-expanded', 'true');
    expect(box).toHaveAttribute('aria-controls', listbox.id);

    await user.keyboard('{ArrowDown}');
    expect(screen.getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true');
    expect(box).toHaveAttribute('aria-activedescendant', screen.getAllByRole('option')[1]!.id);
    await user.keyboard('{Enter}');
    expect(box).toHaveValue('Hi @Alvaro Admin ');
    expect(screen.queryByRole('listbox')).toBeNull();
    // The page's own handlers never saw the keys the list used.
    expect(keys).not.toContain('Enter');
    expect(keys).not.toContain('ArrowDown');
  });

  it('closes on Escape and never opens without a match', async () => {
    mockFetch({ 'GET /api/users': () => json({ data: staff, nextCursor: null }) });
    const { user } = renderWithProviders(<Box />, { user: agent });
    const box = screen.getByLabelText('Note');
    await user.click(box);
    await user.keyboard('@cam');
    await screen.findByRole('option', { name: 'Camille Tremblay' });
    fireEvent.keyDown(box, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('listbox')).toBeNull());
    await user.keyboard(' and @zz');
    expect(screen.queryByRole('listbox')).toBeNull();
  });
});
