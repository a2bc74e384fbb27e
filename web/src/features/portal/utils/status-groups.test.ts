import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES } from '@docket/server/contract/domain';
import { STATUSES_OF_GROUP, STATUS_GROUPS, countsByGroup, statusGroupFrom } from './status-groups';

describe('portal status groups', () => {
  it('puts every status in exactly one group', () => {
    const grouped = STATUS_GROUPS.flatMap((group) => STATUSES_OF_GROUP[group]);
    expect([...grouped].sort()).toEqual([...TICKET_STATUSES].sort());
  });

  it('sums the counts by status into the four quick counts', () => {
    expect(
      countsByGroup({
        byStatus: {
          NEW: 1,
          OPEN: 2,
          IN_PROGRESS: 3,
          WAITING_ON_CUSTOMER: 4,
          ON_HOLD: 5,
          RESOLVED: 6,
          CLOSED: 7,
        },
        total: 28,
      }),
    ).toEqual({ open: 3, inProgress: 12, resolved: 6, closed: 7 });
  });

  it('reads the filter from the address, anything unknown meaning all', () => {
    expect(statusGroupFrom('inProgress')).toBe('inProgress');
    expect(statusGroupFrom('OPEN')).toBeNull();
    expect(statusGroupFrom(null)).toBeNull();
  });
});
