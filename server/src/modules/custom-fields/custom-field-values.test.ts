// validateCustomFields (docs/product.md "Custom fields"): each type's rule, who may set what, and
// required fields on create and on change; no database.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/errors.js';
import { customerVisibleValues, validateCustomFields } from './custom-field-values.js';

const field = (key: string, type: string, extra: Record<string, unknown> = {}) =>
  ({
    key,
    type,
    options: [],
    required: false,
    customerVisible: false,
    customerEditable: false,
    ...extra,
  }) as Parameters<typeof validateCustomFields>[0][number];

const definitions = [
  field('plan', 'select', {
    options: ['free', 'pro'],
    required: true,
    customerVisible: true,
    customerEditable: true,
  }),
  field('seats', 'number', { customerVisible: true }),
  field('due', 'date'),
  field('modules', 'multi_select', { options: ['chat', 'mail'] }),
];

/** The paths named by validateCustomFields for `values`, [] when it accepts them. */
function faults(
  values: Record<string, unknown>,
  options: { partial: boolean; actor: 'staff' | 'customer' } = { partial: false, actor: 'staff' },
): string[] {
  try {
    validateCustomFields(definitions, values, options);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return ((error as ValidationError).errors ?? []).map((e) => e.path);
  }
}

describe('validateCustomFields', () => {
  it('accepts fitting values and names each misfit', () => {
    expect(faults({ plan: 'pro', seats: 3, due: '2028-02-29', modules: ['mail'] })).toEqual([]);
    expect(
      faults({ plan: 'gold', seats: Infinity, due: '2027-02-29', modules: ['mail', 'mail'] }),
    ).toEqual([
      'customFields.plan',
      'customFields.seats',
      'customFields.due',
      'customFields.modules',
    ]);
  });

  it('requires required fields on create, and refuses their removal on change', () => {
    expect(faults({})).toEqual(['customFields.plan']);
    expect(faults({ seats: 1 }, { partial: true, actor: 'staff' })).toEqual([]);
    expect(faults({ plan: null }, { partial: true, actor: 'staff' })).toEqual([
      'customFields.plan',
    ]);
    expect(faults({ seats: null }, { partial: true, actor: 'staff' })).toEqual([]);
  });

  it('lets customers set customer-editable fields only, and hides the others from them', () => {
    const customer = { partial: false, actor: 'customer' } as const;
    expect(faults({ plan: 'free' }, customer)).toEqual([]);
    expect(faults({ plan: 'free', seats: 2, due: '2027-01-01' }, customer)).toEqual([
      'customFields.seats',
      'customFields.due',
    ]);
    expect(customerVisibleValues({ plan: 'free', due: '2027-01-01' }, new Set(['plan']))).toEqual({
      plan: 'free',
    });
    expect(customerVisibleValues({ plan: 'free' }, undefined)).toEqual({});
  });
});
