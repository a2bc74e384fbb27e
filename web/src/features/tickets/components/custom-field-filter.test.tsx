import { screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { agent } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import type { CustomFieldFilter as Filter } from '../utils/list-search-params';
import { CustomFieldFilter } from './custom-field-filter';

/** The filter as the filter bar holds it: the applied value, and a fresh control when it changes. */
function Harness({ onChange }: { onChange: (value: Filter | null) => void }) {
  const [value, setValue] = useState<Filter | null>(null);
  return (
    <CustomFieldFilter
      key={value ? `${value.key}=${value.value}` : 'none'}
      value={value}
      onChange={(next) => {
        onChange(next);
        setValue(next);
      }}
    />
  );
}

const field = (key: string, type: string, options: string[] = []) => ({
  id: `00000000-0000-4000-8000-0000000000${key.length}${type.length}`,
  key,
  label: { en: key.toUpperCase(), fr: key },
  type,
  options,
  required: false,
  customerVisible: false,
  customerEditable: false,
  position: 0,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
});

describe('CustomFieldFilter', () => {
  it('filters by a field’s option, and by a text value applied with Enter', async () => {
    mockFetch({
      'GET /api/custom-fields': () =>
        json({ data: [field('plan', 'select', ['free', 'pro']), field('notes', 'text')] }),
    });
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />, {
      user: agent,
    });
    const fieldSelect = await screen.findByLabelText('Custom field');
    await user.selectOptions(fieldSelect, 'PLAN');
    await user.selectOptions(screen.getByLabelText('Value'), 'pro');
    expect(onChange).toHaveBeenLastCalledWith({ key: 'plan', value: 'pro' });

    await user.selectOptions(screen.getByLabelText('Custom field'), 'NOTES');
    await user.type(screen.getByLabelText('Value'), 'call back{Enter}');
    expect(onChange).toHaveBeenLastCalledWith({ key: 'notes', value: 'call back' });

    await user.selectOptions(screen.getByLabelText('Custom field'), 'Any field');
    expect(onChange).toHaveBeenLastCalledWith(null);
  });
});
