import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Loading } from '@/components/ui/loading';
import { isApiError } from '@/lib/api-client';
import { errorMessage } from '@/lib/form-errors';
import { useAssignSuggested, useSuggestedAgents } from '../api/groups';
import { suggestionReason } from '../utils/suggestion-words';
import './groups.css';

type SuggestedAgentsProps = {
  /** The ticket's uuid. */
  ticketId: string;
  /** The ticket's version: the list is read again when it changes; Assign sends it (`If-Match`). */
  version: number;
  /** The ticket's assignee's id, or null: they get no "Assign" button. */
  assigneeId: string | null;
  /** Whether nothing may be changed (a closed ticket, a conflict being resolved). */
  disabled?: boolean;
};

/**
 * The ticket page's "Suggested agents" panel for staff (docs/product.md "Groups and routing"),
 * from `GET /api/tickets/:id/suggested-agents`, best first: the ticket's required skills, then
 * each agent with their group, "Away" when they are, the reason in the current language (skills
 * matched and missing, open tickets against capacity) and, when routing could give them the
 * ticket, an "Assign" button that PATCHes `{assigneeId}`. The server's refusal (409
 * `assignee_not_in_group`, 412 when the ticket moved on) is shown above the list.
 */
export function SuggestedAgents({
  ticketId,
  version,
  assigneeId,
  disabled = false,
}: SuggestedAgentsProps) {
  const { t } = useTranslation();
  const suggestions = useSuggestedAgents(ticketId, version);
  const assign = useAssignSuggested(ticketId, version);
  const [notice, setNotice] = useState('');

  function assignTo(agent: { id: string; name: string }) {
    setNotice('');
    assign.mutate(agent.id, {
      onSuccess: () => setNotice(t('groups.suggested.assigned', { name: agent.name })),
    });
  }

  const assignError = assign.isError
    ? isApiError(assign.error) && assign.error.status === 412
      ? t('groups.suggested.stale')
      : errorMessage(assign.error, t)
    : null;

  return (
    <Card title={t('groups.suggested.title')} className="suggested-agents-card">
      {suggestions.isPending ? <Loading /> : null}
      {suggestions.isError ? (
        <Alert tone="error">{errorMessage(suggestions.error, t)}</Alert>
      ) : null}
      {assignError ? <Alert tone="error">{assignError}</Alert> : null}
      {suggestions.data ? (
        <>
          {suggestions.data.requiredSkills.length ? (
            <p className="admin-muted">
              {t('groups.suggested.requiredSkills', {
                skills: suggestions.data.requiredSkills.join(', '),
              })}
            </p>
          ) : null}
          {suggestions.data.data.length === 0 ? (
            <p className="admin-muted">{t('groups.suggested.empty')}</p>
          ) : (
            <ul className="suggested-agents">
              {suggestions.data.data.map((suggestion) => (
                <li
                  key={`${suggestion.group.id}:${suggestion.agent.id}`}
                  className="suggested-agents__item"
                  aria-label={suggestion.agent.name}
                >
                  <div className="suggested-agents__head">
                    <strong>{suggestion.agent.name}</strong>
                    <span className="admin-muted">
                      {t('groups.suggested.group', { name: suggestion.group.name })}
                    </span>
                    {suggestion.availability === 'away' ? (
                      <Badge tone="neutral">{t('groups.availability.away')}</Badge>
                    ) : null}
                  </div>
                  <p className="suggested-agents__reason">{suggestionReason(suggestion, t)}</p>
                  {suggestion.eligible && suggestion.agent.id !== assigneeId ? (
                    <div className="group-tools">
                      <Button
                        variant="secondary"
                        aria-label={t('groups.suggested.assignLabel', {
                          name: suggestion.agent.name,
                        })}
                        disabled={disabled || assign.isPending}
                        onClick={() => assignTo(suggestion.agent)}
                      >
                        {t('groups.suggested.assign')}
                      </Button>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      <p className="visually-hidden" role="status">
        {notice}
      </p>
    </Card>
  );
}
