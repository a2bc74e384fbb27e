import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/form-errors';
import { useLinkChatToTicket } from '../api/link-chat-to-ticket';
import { useTicketSearch } from '../api/search-tickets';
import { useDebouncedValue } from '../utils/use-debounced-value';

type LinkTicketDialogProps = {
  chatId: string;
  /** Tickets the chat is already linked to: offered as "already linked", not as a choice. */
  linkedTicketIds: readonly string[];
};

/**
 * "Link to a ticket" (docs/product.md: "More chats can be linked to a ticket later"): a dialog where the
 * agent finds the ticket by its reference (TKT-00042), the requester's email or words of its
 * subject (`GET /api/tickets?q=`), then links it (`POST /api/tickets/:id/chats`). The dialog
 * closes and a toast confirms; a refusal stays in the dialog.
 */
export function LinkTicketDialog({ chatId, linkedTicketIds }: LinkTicketDialogProps) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const debounced = useDebouncedValue(query);
  const search = useTicketSearch(debounced);
  const link = useLinkChatToTicket(chatId);
  const results = search.data?.data ?? [];
  const searching = debounced.trim().length >= 2;

  function handleOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setQuery('');
      link.reset();
    }
  }

  function handleLink(ticketId: string, reference: string) {
    link.mutate(ticketId, {
      onSuccess: () => {
        handleOpenChange(false);
        toast({ tone: 'success', title: t('chats.link.linked', { reference }) });
      },
    });
  }

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogTrigger asChild>
        <Button variant="secondary">{t('chats.link.open')}</Button>
      </DialogTrigger>
      <DialogContent title={t('chats.link.title')} description={t('chats.link.description')}>
        <form role="search" onSubmit={(e) => e.preventDefault()}>
          <Field label={t('chats.link.search')} hint={t('chats.link.searchHint')}>
            {(control) => (
              <input
                {...control}
                type="search"
                className="input"
                value={query}
                autoComplete="off"
                onChange={(e) => setQuery(e.target.value)}
              />
            )}
          </Field>
        </form>
        <div aria-live="polite" className="chat-link__status">
          {searching && search.isFetching ? t('chats.link.searching') : null}
          {searching && search.isSuccess && !search.isFetching
            ? t('chats.link.resultCount', { count: results.length })
            : null}
        </div>
        {search.isError ? <Alert tone="error">{errorMessage(search.error, t)}</Alert> : null}
        {searching && results.length > 0 ? (
          <ul className="chat-link__results" aria-label={t('chats.link.results')}>
            {results.map((ticket) => {
              const linked = linkedTicketIds.includes(ticket.id);
              return (
                <li key={ticket.id} className="chat-link__result">
                  <span>
                    <strong>{ticket.reference}</strong> {ticket.subject}
                  </span>
                  <Button
                    variant="secondary"
                    disabled={linked || link.isPending}
                    aria-label={
                      linked
                        ? t('chats.link.alreadyLinked', { reference: ticket.reference })
                        : t('chats.link.linkTo', { reference: ticket.reference })
                    }
                    onClick={() => handleLink(ticket.id, ticket.reference)}
                  >
                    {linked ? t('chats.link.linkedShort') : t('chats.link.linkShort')}
                  </Button>
                </li>
              );
            })}
          </ul>
        ) : null}
        {link.isError ? <Alert tone="error">{errorMessage(link.error, t)}</Alert> : null}
        <div className="chat-link__footer">
          <DialogClose asChild>
            <Button variant="ghost">{t('chats.link.cancel')}</Button>
          </DialogClose>
        </div>
      </DialogContent>
    </Dialog>
  );
}
