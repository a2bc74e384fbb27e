// Every tenant table carries `organizationId` (docs/scaling.md "Beyond one PostgreSQL"): it is the
// column a distributed PostgreSQL (Citus) would shard by, and the one every query is scoped by.
// Reads the models of prisma/schema.prisma and fails when a model is neither global (GLOBAL
// below) nor has an `organizationId` field, so a new table cannot quietly close that path.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaPath } from '../src/db/migrate.js';

/**
 * Models that carry no `organizationId` by design: the tenant itself, whose own `id` is that key.
 * Sharded, it would be distributed by `id`, co-located with its rows (not a reference table: its
 * ticket counter is written on every new ticket). Users are not here: each belongs to one
 * organization and carries the column.
 */
const GLOBAL = new Set(['Organization']);

/**
 * Tenant tables that today reach their organization only through a parent row (their foreign
 * key), not by a column of their own. They work on one PostgreSQL, but a sharded one could not
 * co-locate them with their parent nor route their queries: each needs `organizationId` (added to
 * its primary key and foreign keys) before that move. This list may only shrink: the test fails
 * when one of them gains the column, so that it is taken off here.
 */
const KNOWN_GAPS: Record<string, string> = {
  ChatMessage: 'through chats.id',
  TicketChat: 'through tickets.id and chats.id',
  WebhookDelivery: 'through webhook_endpoints.id',
  WebhookDeliveryAttempt: 'through webhook_deliveries.id',
  RuleMarker: 'through rules.id and tickets.id',
  GroupMember: 'through groups.id and users.id',
};

/** Each model of the schema with the names of its fields (scalars and relations). */
function models(schema: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const match of schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const fields = match[2]!
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('//') && !line.startsWith('@@'))
      .map((line) => line.split(/\s+/)[0]!);
    result.set(match[1]!, fields);
  }
  return result;
}

const schema = models(readFileSync(schemaPath(), 'utf8'));

describe('tenant columns', () => {
  it('reads the schema', () => {
    expect(schema.size).toBeGreaterThan(30);
    expect(schema.get('Ticket')).toContain('organizationId');
  });

  it('gives every tenant table an organizationId', () => {
    const missing = [...schema]
      .filter(([name, fields]) => !GLOBAL.has(name) && !fields.includes('organizationId'))
      .map(([name]) => name)
      .filter((name) => !(name in KNOWN_GAPS));
    expect(missing, 'tenant tables without organizationId').toEqual([]);
  });

  it('lists as gaps only tables that exist and still lack the column', () => {
    for (const name of Object.keys(KNOWN_GAPS)) {
      expect(schema.has(name), `${name} is not a model any more`).toBe(true);
      expect(schema.get(name), `${name} has organizationId now: take it off`).not.toContain(
        'organizationId',
      );
    }
    for (const name of GLOBAL) expect(schema.has(name)).toBe(true);
  });
});
