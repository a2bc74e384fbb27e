import { describe, expect, it } from 'vitest';
import type { RuleAction } from '@docket/server/contract/rules';
import { actionFieldKeys, fromAction, isMacroAction, newRow, toAction } from './action-rows';

describe('action rows', () => {
  it('turns every action type into a row and back unchanged', () => {
    const actions: RuleAction[] = [
      { type: 'reply', content: 'Hi {{requester.firstName}}', isInternal: true },
      { type: 'set_status', value: 'RESOLVED' },
      { type: 'set_priority', value: 'URGENT' },
      { type: 'set_category', value: null },
      { type: 'add_tags', value: ['vip', 'billing'] },
      { type: 'remove_tags', value: ['new'] },
      { type: 'assign', value: null },
      { type: 'assign', value: '00000000-0000-4000-8000-00000000a001' },
      { type: 'assign', value: 'me' },
      { type: 'set_group', value: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' },
      { type: 'set_group', value: null },
      { type: 'set_custom_field', key: 'plan', value: 'gold' },
      { type: 'apply_macro', macroId: '5d1e2f30-4a5b-4c6d-8e7f-8091a2b3c4d5' },
      { type: 'notify_email', to: ['a@acme.test', 'b@acme.test'], subject: 'S', content: 'C' },
      { type: 'send_webhook', note: 'VIP' },
      { type: 'send_webhook', note: null },
      { type: 'stop' },
    ];
    expect(actions.map((action) => toAction(fromAction(action)))).toEqual(actions);
  });

  it('reads comma lists without blanks and empty text as null', () => {
    expect(toAction({ ...newRow('add_tags'), text: ' vip, , billing ,' })).toEqual({
      type: 'add_tags',
      value: ['vip', 'billing'],
    });
    expect(toAction({ ...newRow('set_category'), text: '  ' })).toEqual({
      type: 'set_category',
      value: null,
    });
    expect(toAction({ ...newRow('send_webhook'), note: ' ' })).toEqual({
      type: 'send_webhook',
      note: null,
    });
  });

  it('tells macro actions from rule-only ones, and lists the keys of the server paths', () => {
    expect(isMacroAction({ type: 'set_priority', value: 'LOW' })).toBe(true);
    expect(isMacroAction({ type: 'set_group', value: null })).toBe(true);
    expect(isMacroAction({ type: 'stop' })).toBe(false);
    expect(actionFieldKeys(1)).toEqual([
      'actions',
      'actions.0',
      'actions.0.content',
      'actions.0.value',
      'actions.0.key',
      'actions.0.macroId',
      'actions.0.to',
      'actions.0.subject',
      'actions.0.note',
    ]);
  });
});
