import { useSearchParams } from 'react-router';
import { useRateByToken, useSatisfactionByToken } from '../api/satisfaction-by-token';
import { scoreFromRateParam } from '../utils/rating-choice';
import { SatisfactionWidget } from './satisfaction-widget';

/**
 * The tracking-link page's "How did we do?" (docs/product.md "Satisfaction"): the rating of the
 * ticket's current resolution through the link. `?rate=good|bad|1…5` (the resolved mail's links)
 * pre-selects that answer; the requester confirms it with one click.
 */
export function TrackerSatisfaction({ token }: { token: string }) {
  const [searchParams] = useSearchParams();
  const state = useSatisfactionByToken(token);
  const rate = useRateByToken(token);
  if (state.data === undefined) return null;
  const preselected = state.data.open
    ? scoreFromRateParam(searchParams.get('rate'), state.data.scale)
    : null;
  return (
    <SatisfactionWidget
      key={`${state.data.resolvedAt ?? ''}`}
      state={state.data}
      preselected={preselected}
      submit={(body) => rate.mutateAsync(body)}
    />
  );
}
