import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  ORGANIZATION_ACTIVITY_TYPES,
  type OrganizationActivity,
  type OrganizationActivityType,
} from '@docket/server/contract/organization-activity';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/date-time';
import { Loading } from '@/components/ui/loading';
import { Select } from '@/components/ui/select';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/form-errors';
import { downloadOrganizationActivityCsv } from '../api/download-organization-activity';
import { useOrganizationActivity } from '../api/get-organization-activity';
import { useVerifyOrganizationActivity } from '../api/verify-organization-activity';

/** The type filter's value for "every type" (radix Select reserves ''). */
const ANY_TYPE = 'any';

/**
 * The organization's activity log for admins (docs/product.md "Audit trail"): when, who
 * ("System" for Docket's own changes), from where (address and browser) and what, newest first,
 * older entries on demand; a type filter, "Verify chain" (GET /api/organization/activity/verify,
 * its result shown above the table) and "Download CSV" of the filtered log. A table on wide
 * screens; its rows stack as small cards on a phone (DataTable).
 */
export function OrganizationActivityLog() {
  const { t } = useTranslation();
  const [type, setType] = useState<OrganizationActivityType | undefined>(undefined);
  const activity = useOrganizationActivity(type);
  const verify = useVerifyOrganizationActivity();
  const [csvState, setCsvState] = useState<'idle' | 'pending' | 'failed'>('idle');
  const rows = activity.data?.pages.flatMap((page) => page.data) ?? [];

  async function downloadCsv() {
    setCsvState('pending');
    try {
      await downloadOrganizationActivityCsv(type);
      setCsvState('idle');
    } catch {
      setCsvState('failed');
    }
  }

  return (
    <Card
      title={t('activityLog.listTitle')}
      actions={
        <>
          <Select
            size="compact"
            aria-label={t('activityLog.typeFilter')}
            value={type ?? ANY_TYPE}
            onValueChange={(value) =>
              setType(value === ANY_TYPE ? undefined : (value as OrganizationActivityType))
            }
            options={[
              { value: ANY_TYPE, label: t('activityLog.anyType') },
              ...ORGANIZATION_ACTIVITY_TYPES.map((value) => ({ value, label: value })),
            ]}
          />
          <Button variant="secondary" disabled={verify.isPending} onClick={() => verify.mutate()}>
            {t('activityLog.verify')}
          </Button>
          <Button
            variant="secondary"
            disabled={csvState === 'pending'}
            onClick={() => void downloadCsv()}
          >
            {t('activityLog.downloadCsv')}
          </Button>
          <Button variant="ghost" onClick={() => void activity.refetch()}>
            {t('activityLog.refresh')}
          </Button>
        </>
      }
    >
      {csvState === 'failed' ? <Alert tone="error">{t('activityLog.downloadFailed')}</Alert> : null}
      {verify.isError ? (
        <Alert tone="error">{errorMessage(verify.error, t)}</Alert>
      ) : verify.data ? (
        verify.data.valid ? (
          <Alert tone="success">
            {t('activityLog.chainValid', { count: verify.data.checked })}
          </Alert>
        ) : (
          <Alert tone="error">
            {t('activityLog.chainInvalid', {
              position: verify.data.firstInvalid?.position ?? '—',
              reason: t(
                `activityLog.chainReasons.${verify.data.firstInvalid?.reason ?? 'altered'}`,
              ),
              count: verify.data.checked,
            })}
          </Alert>
        )
      ) : null}
      {activity.isPending ? (
        <Loading />
      ) : activity.isError ? (
        <Alert tone="error">{errorMessage(activity.error, t)}</Alert>
      ) : (
        <DataTable
          caption={t('activityLog.listTitle')}
          hideCaption
          rows={rows}
          rowKey={(entry) => entry.id}
          empty={t('activityLog.empty')}
          columns={[
            {
              key: 'when',
              header: t('activityLog.columns.when'),
              cell: (entry) => <DateTime value={entry.createdAt} />,
            },
            {
              key: 'who',
              header: t('activityLog.columns.who'),
              cell: (entry) =>
                entry.actor.id === null ? t('activityLog.system') : entry.actor.name,
            },
            {
              key: 'from',
              header: t('activityLog.columns.from'),
              cell: (entry) =>
                entry.ip || entry.userAgent ? (
                  <span className="prose">
                    {entry.ip ?? '—'}
                    {entry.userAgent ? (
                      <>
                        <br />
                        <span className="admin-muted">{entry.userAgent}</span>
                      </>
                    ) : null}
                  </span>
                ) : (
                  '—'
                ),
            },
            {
              key: 'what',
              header: t('activityLog.columns.what'),
              cell: (entry) => <ActivityDescription entry={entry} />,
            },
          ]}
        />
      )}
      {activity.hasNextPage ? (
        <Button
          variant="secondary"
          onClick={() => void activity.fetchNextPage()}
          disabled={activity.isFetchingNextPage}
        >
          {t('activityLog.loadMore')}
        </Button>
      ) : null}
    </Card>
  );
}

/** A string field of an entry's `data` (a JSON object whose shape depends on `type`), else null. */
function text(data: Record<string, unknown>, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** A number field of an entry's `data`, else null. */
function count(data: Record<string, unknown>, key: string): number | null {
  const value = data[key];
  return typeof value === 'number' ? value : null;
}

/**
 * One entry as a sentence, with its reason when it has one (a stopped rule chain: a link to its
 * ticket); unknown types by their name.
 */
function ActivityDescription({ entry }: { entry: OrganizationActivity }) {
  const { t } = useTranslation();
  // `type` is a string on the wire: a newer server may send a type this build does not know.
  const type: string = entry.type;
  let sentence: string;
  let reason: string | null = null;
  let ticketId: string | null = null;
  switch (type) {
    case 'webhook_endpoint.disabled': {
      const url = text(entry.data, 'url') ?? '—';
      const description = text(entry.data, 'description');
      sentence = t('activityLog.events.webhookEndpointDisabled', {
        endpoint: description ? t('activityLog.namedEndpoint', { description, url }) : url,
      });
      reason = text(entry.data, 'reason');
      break;
    }
    case 'rule_chain.stopped': {
      const rule = entry.data.rule;
      sentence = t('activityLog.events.ruleChainStopped', {
        rule:
          typeof rule === 'object' &&
          rule !== null &&
          'name' in rule &&
          typeof rule.name === 'string'
            ? rule.name
            : '—',
        depth: count(entry.data, 'depth') ?? '—',
        limit: count(entry.data, 'limit') ?? '—',
      });
      ticketId = text(entry.data, 'ticketId');
      break;
    }
    default:
      sentence = t('activityLog.events.unknown', { type });
  }
  return (
    <span className="prose">
      {sentence}
      {reason ? (
        <>
          <br />
          <span className="admin-muted">{t('activityLog.reason', { reason })}</span>
        </>
      ) : null}
      {ticketId ? (
        <>
          <br />
          <Link to={paths.ticket.getHref(ticketId)}>{t('activityLog.openTicket')}</Link>
        </>
      ) : null}
    </span>
  );
}
