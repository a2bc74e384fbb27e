/**
 * What other modules read of satisfaction ratings (docs/product.md "Satisfaction"): the
 * organization's rating settings and a ticket's latest rating as agents see it. Kept apart from
 * satisfaction.service.ts, which writes ratings through the tickets module, so that the tickets
 * module may read ratings without an import cycle.
 */
import type { Prisma, PrismaClient } from '../../lib/db.js';
import { findLatestRating } from './satisfaction.repository.js';
import {
  SATISFACTION_REASONS,
  type SatisfactionScale,
  type TicketSatisfaction,
} from './satisfaction.schemas.js';

/** The organization's rating settings. */
export interface SatisfactionSettings {
  /** `settings.csatEnabled`; default true. */
  enabled: boolean;
  /** `settings.csatScale`; default good_bad. */
  scale: SatisfactionScale;
}

/**
 * The rating settings in an organization's settings JSON: `csatEnabled` (boolean, default true)
 * and `csatScale` ('good_bad' default, or 'five_point'); other values are the defaults.
 */
export function satisfactionSettingsOf(settings: Prisma.JsonValue | null): SatisfactionSettings {
  const s =
    settings && typeof settings === 'object' && !Array.isArray(settings)
      ? (settings as Record<string, unknown>)
      : {};
  return {
    enabled: s['csatEnabled'] !== false,
    scale: s['csatScale'] === 'five_point' ? 'five_point' : 'good_bad',
  };
}

export const reasonOf = (value: string | null): (typeof SATISFACTION_REASONS)[number] | null =>
  (SATISFACTION_REASONS as readonly string[]).includes(value ?? '')
    ? (value as (typeof SATISFACTION_REASONS)[number])
    : null;

/**
 * The latest rating of the ticket `ticketId` (its latest rated resolution) as agents see it
 * (GET /api/tickets/:id `satisfaction`), or null. The caller checked the ticket is visible.
 */
export async function latestSatisfaction(
  db: PrismaClient | Prisma.TransactionClient,
  ticketId: string,
): Promise<TicketSatisfaction | null> {
  const rating = await findLatestRating(db, ticketId);
  return rating ? ticketSatisfactionOf(rating) : null;
}

/** LATEST_RATING_JSON_SQL's value (as `pg` parses it) → the rating as agents see it, or null. */
export function ratingOfJson(
  json: {
    score: number;
    scale: SatisfactionScale;
    comment: string | null;
    reason: string | null;
    createdAt: string;
  } | null,
): TicketSatisfaction | null {
  return json ? ticketSatisfactionOf({ ...json, createdAt: new Date(json.createdAt) }) : null;
}

/** A ticket's rating as agents see it (`satisfaction` of GET /api/tickets/:id). */
function ticketSatisfactionOf(rating: {
  score: number;
  scale: SatisfactionScale;
  comment: string | null;
  reason: string | null;
  createdAt: Date;
}): TicketSatisfaction {
  return {
    score: rating.score,
    scale: rating.scale,
    comment: rating.comment,
    reason: reasonOf(rating.reason),
    createdAt: rating.createdAt.toISOString(),
  };
}
