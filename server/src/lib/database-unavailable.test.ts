import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isTransientConflict } from './database-unavailable.js';

/** An error as Prisma wraps a driver failure: a message, maybe a code, the driver's cause. */
function prismaError(message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), extra);
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })],
    [
      'a Prisma pool timeout',
      prismaError('Timed out fetching a new connection', { code: 'P2024' }),
    ],
    ['SQLSTATE class 08', prismaError('failed', { originalCode: '08006' })],
    ['PostgreSQL shutting down', prismaError('terminating', { code: '57P01' })],
    ['pg lost its socket', new Error('Connection terminated unexpectedly')],
    ['a query timeout', new Error('Query read timeout')],
    // Seen in CI: the socket was cut while a raw query ran inside a create's transaction.
    [
      'the query engine saw the socket closed',
      prismaError(
        'Invalid `prisma.$queryRaw()` invocation:\n\nRaw query failed. Code: `N/A`. Message: `Server has closed the connection.`',
        { code: 'P2010' },
      ),
    ],
    ['a cause deeper down', new Error('outer', { cause: new Error('connection is closed') })],
  ])('is true for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', prismaError('Unique constraint failed', { code: 'P2002' })],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    [
      'a raw query syntax error',
      prismaError('Raw query failed. Code: `42601`.', { code: 'P2010' }),
    ],
    ['not an error', 'ECONNREFUSED'],
  ])('is false for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('isTransientConflict', () => {
  it('is true for a deadlock or a serialization failure, false otherwise', () => {
    expect(isTransientConflict(prismaError('x', { code: 'P2034' }))).toBe(true);
    expect(isTransientConflict(prismaError('Raw query failed. Code: `40P01`.'))).toBe(true);
    expect(isTransientConflict(prismaError('x', { originalCode: '40001' }))).toBe(true);
    expect(isTransientConflict(prismaError('x', { code: 'P2002' }))).toBe(false);
  });
});
