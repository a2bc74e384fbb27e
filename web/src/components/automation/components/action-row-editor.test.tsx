import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { agent } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/test-utils';
import { MACRO_ACTION_TYPES, newRow, toAction, type ActionRow } from '../utils/action-rows';
import { ActionListEditor } from './action-row-editor';

const groups = [
  { id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Tier1' },
  { id: '8b2c3d4e-5f60-4b7c-9d8e-0f1a2b3c4d5e', name: 'Tier2' },
];

/** The editor with its rows in state, showing the actions they make. */
function Editor({ initial }: { initial: ActionRow[] }) {
  const [rows, setRows] = useState(initial);
  return (
    <>
      <ActionListEditor
        rows={rows}
        onRowsChange={setRows}
        makeRow={() => newRow('set_status')}
        types={MACRO_ACTION_TYPES}
        groups={groups}
        errors={{ 'actions.0.value': 'not a group of the organization' }}
      />
      <output data-testid="actions">{JSON.stringify(rows.map(toAction))}</output>
    </>
  );
}

describe('ActionListEditor: set_group', () => {
  it('offers the groups and "No group", and shows the server’s message by the field', async () => {
    const { user } = renderWithProviders(<Editor initial={[newRow('reply')]} />, { user: agent });
    const action = screen.getByRole('group', { name: 'Action 1' });
    await user.selectOptions(within(action).getByLabelText('Type'), 'Set group');
    const group = within(action).getByLabelText('Group');
    expect(
      within(group)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['No group', 'Tier1', 'Tier2']);
    expect(group).toHaveAccessibleDescription('not a group of the organization');
    expect(screen.getByTestId('actions')).toHaveTextContent('[{"type":"set_group","value":null}]');
    await user.selectOptions(group, 'Tier2');
    expect(JSON.parse(screen.getByTestId('actions').textContent ?? '')).toEqual([
      { type: 'set_group', value: groups[1]!.id },
    ]);
  });
});
