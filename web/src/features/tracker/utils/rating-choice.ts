import type { SatisfactionScale } from '@docket/server/contract/satisfaction';

/** The scores a scale offers, in the order shown: good then bad, or 1 to 5. */
export function scoresOf(scale: SatisfactionScale): readonly number[] {
  return scale === 'good_bad' ? [5, 1] : [1, 2, 3, 4, 5];
}

/**
 * The score a rating link's `?rate=` asks for (docs/product.md "Satisfaction": the resolved mail
 * links to the tracker with `rate=good|bad|1…5`), if the scale offers it; else null. The page only
 * pre-selects it: a link never rates by itself (mail scanners open links).
 */
export function scoreFromRateParam(
  value: string | null | undefined,
  scale: SatisfactionScale,
): number | null {
  if (!value) return null;
  const score =
    value === 'good' ? 5 : value === 'bad' ? 1 : /^[1-5]$/.test(value) ? Number(value) : null;
  return score !== null && scoresOf(scale).includes(score) ? score : null;
}
