import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_STATUSES } from '@docket/server/contract/domain';
import type { Rule, RuleTestResult } from '@docket/server/contract/rules';
import { commaList } from '@/components/automation/utils/action-rows';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { errorMessage, serverFieldErrors } from '@/lib/form-errors';
import { useTestRule, type TestRuleBody } from '../api/rules';
import { effectChanges } from '../utils/rule-words';

type RuleTestPanelProps = {
  rule: Rule;
  onClose: () => void;
};

/**
 * The dry run of a rule (`POST /api/rules/:id/test`, docs/api.md "Rules"): tickets chosen by
 * reference or id (comma-separated) or by a filter of the ticket list (status, tag, text; the
 * first 100), then how many were evaluated and matched and, per ticket, its reference and
 * subject, whether the rule matches and why, what it would change (before → after), the reply
 * it would write, the emails, webhook and stop it would cause, and why applying it would fail.
 * Nothing is written, which the panel says.
 */
export function RuleTestPanel({ rule, onClose }: RuleTestPanelProps) {
  const { t } = useTranslation();
  const test = useTestRule(rule.id);
  const [mode, setMode] = useState<'ids' | 'filter'>('filter');
  const [ids, setIds] = useState('');
  const [status, setStatus] = useState('');
  const [tag, setTag] = useState('');
  const [q, setQ] = useState('');
  const { fields, general } = serverFieldErrors(test.error, ['ticketIds', 'filter'], t);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const filter: Record<string, string> = {};
    if (status) filter.status = status;
    if (tag.trim()) filter.tags = tag.trim();
    if (q.trim()) filter.q = q.trim();
    const body: TestRuleBody = mode === 'ids' ? { ticketIds: commaList(ids) } : { filter };
    test.mutate(body);
  }

  return (
    <Card
      title={t('rules.testPanel.title', { name: rule.name })}
      actions={
        <Button variant="ghost" onClick={onClose}>
          {t('rules.testPanel.close')}
        </Button>
      }
    >
      <Alert tone="info">{t('rules.testPanel.dryRun')}</Alert>
      <form className="admin-form" onSubmit={handleSubmit} noValidate>
        <fieldset className="fieldset">
          <legend>{t('rules.testPanel.by')}</legend>
          <label className="rule-radio">
            <input
              type="radio"
              name="test-mode"
              value="ids"
              checked={mode === 'ids'}
              onChange={() => setMode('ids')}
            />{' '}
            {t('rules.testPanel.byIds')}
          </label>
          <label className="rule-radio">
            <input
              type="radio"
              name="test-mode"
              value="filter"
              checked={mode === 'filter'}
              onChange={() => setMode('filter')}
            />{' '}
            {t('rules.testPanel.byFilter')}
          </label>
        </fieldset>
        {mode === 'ids' ? (
          <Field
            label={t('rules.testPanel.ids')}
            hint={t('rules.testPanel.idsHint')}
            error={fields.ticketIds}
          >
            {(control) => (
              <input
                {...control}
                className="input"
                name="ticketIds"
                value={ids}
                onChange={(event) => setIds(event.target.value)}
              />
            )}
          </Field>
        ) : (
          <>
            <Field label={t('rules.testPanel.status')} error={fields.filter}>
              {(control) => (
                <select
                  {...control}
                  className="select"
                  name="status"
                  value={status}
                  onChange={(event) => setStatus(event.target.value)}
                >
                  <option value="">{t('rules.testPanel.anyStatus')}</option>
                  {TICKET_STATUSES.map((value) => (
                    <option key={value} value={value}>
                      {t(`status.${value}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('rules.testPanel.tag')}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  name="tags"
                  value={tag}
                  onChange={(event) => setTag(event.target.value)}
                />
              )}
            </Field>
            <Field label={t('rules.testPanel.q')}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  name="q"
                  type="search"
                  value={q}
                  onChange={(event) => setQ(event.target.value)}
                />
              )}
            </Field>
          </>
        )}
        {general ? <Alert tone="error">{general}</Alert> : null}
        <div className="admin-dialog__actions">
          <Button type="submit" disabled={test.isPending}>
            {test.isPending ? t('rules.testPanel.running') : t('rules.testPanel.run')}
          </Button>
        </div>
      </form>
      {test.data ? <TestResults result={test.data} /> : null}
      {test.isError && !general && !Object.keys(fields).length ? (
        <Alert tone="error">{errorMessage(test.error, t)}</Alert>
      ) : null}
    </Card>
  );
}

function TestResults({ result }: { result: RuleTestResult }) {
  const { t } = useTranslation();
  const summary = t('rules.testPanel.summary', {
    count: result.evaluated,
    matched: result.matched,
  });
  return (
    <section aria-label={summary}>
      <p role="status">
        <strong>{summary}</strong>
      </p>
      {result.results.length ? (
        <ul className="rule-results">
          {result.results.map((item) => {
            const changes = effectChanges(item.effect, t);
            const reply = item.effect?.reply ?? null;
            const notified = item.effect?.notified ?? [];
            return (
              <li
                key={item.ticket.id}
                className="rule-results__item"
                aria-label={`${item.ticket.reference} ${item.ticket.subject}`}
              >
                <div className="rule-results__head">
                  <strong>{item.ticket.reference}</strong>
                  <span>{item.ticket.subject}</span>
                  <Badge tone={item.matches ? 'success' : 'neutral'}>
                    {item.matches ? t('rules.testPanel.matches') : t('rules.testPanel.noMatch')}
                  </Badge>
                </div>
                <p className="admin-muted">
                  {t('rules.testPanel.reason', { reason: item.reason })}
                </p>
                {item.matches && item.effect ? (
                  <>
                    <h4 className="section-title">{t('rules.testPanel.changes')}</h4>
                    {changes.length ? (
                      <ul className="rule-results__changes">
                        {changes.map((change) => (
                          <li key={change}>{change}</li>
                        ))}
                      </ul>
                    ) : (
                      <p className="admin-muted">{t('rules.testPanel.noChanges')}</p>
                    )}
                    {reply ? (
                      <>
                        <h4 className="section-title">
                          {reply.isInternal
                            ? t('rules.testPanel.note')
                            : t('rules.testPanel.reply')}
                        </h4>
                        <div className="prose rule-results__reply">{reply.content}</div>
                      </>
                    ) : null}
                    {notified.length ? (
                      <p>{t('rules.testPanel.notified', { to: notified.join(', ') })}</p>
                    ) : null}
                    {item.effect.webhook ? <p>{t('rules.testPanel.webhook')}</p> : null}
                    {item.effect.stop ? <p>{t('rules.testPanel.stop')}</p> : null}
                  </>
                ) : null}
                {item.error ? (
                  <Alert tone="error">{t('rules.testPanel.error', { error: item.error })}</Alert>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="admin-muted">{t('rules.testPanel.noTickets')}</p>
      )}
    </section>
  );
}
