/**
 * The admins' mailboxes (docs/product.md "Inbound email"), over `/api/mailboxes`: where inbound
 * mail arrives, read over IMAP or posted to `POST /api/inbound/email`. The create and "rotate
 * secret" answers are the only ones that carry the endpoint's `inboundSecret`; the IMAP password
 * is write-only (`imap.hasPassword` says whether one is stored).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateMailboxInput,
  Mailbox,
  MailboxList,
  MailboxWithSecret,
  UpdateMailboxInput,
} from '@docket/server/contract/mailboxes';
import { api, apiRequest } from '@/lib/api-client';
import { mailboxKeys } from '@/lib/query-keys';

/** `GET /api/mailboxes`: every mailbox of the organization, inactive ones too; never a secret. */
export function getMailboxes({ signal }: { signal?: AbortSignal } = {}) {
  return api.get<MailboxList>('/mailboxes', { signal });
}

export function mailboxesQueryOptions() {
  return queryOptions({
    queryKey: mailboxKeys.list(),
    queryFn: ({ signal }) => getMailboxes({ signal }),
  });
}

export function useMailboxes() {
  return useQuery(mailboxesQueryOptions());
}

/**
 * `POST /api/mailboxes`: 201 with the mailbox and its inbound secret, shown this once; 409
 * `mailbox_exists` (the address is a mailbox already, of any organization); 400 names the
 * invalid fields.
 */
export function createMailbox(body: CreateMailboxInput) {
  return api.post<MailboxWithSecret>('/mailboxes', body);
}

/** `PATCH /api/mailboxes/:id`: name, IMAP account or active flag (`isActive: false` pauses it). */
export function updateMailbox(id: string, body: UpdateMailboxInput) {
  return api.patch<Mailbox>(`/mailboxes/${encodeURIComponent(id)}`, body);
}

/** `POST /api/mailboxes/:id/secret`: a new inbound secret, shown once; the old one stops. */
export function rotateMailboxSecret(id: string) {
  return api.post<MailboxWithSecret>(`/mailboxes/${encodeURIComponent(id)}/secret`);
}

/** `DELETE /api/mailboxes/:id`: removes the mailbox (204); its inbound log stays. */
export function deleteMailbox(id: string) {
  return apiRequest<void>(`/mailboxes/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

function useInvalidateMailboxes() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all });
}

export function useCreateMailbox() {
  const invalidate = useInvalidateMailboxes();
  return useMutation({ mutationFn: createMailbox, onSuccess: invalidate });
}

export function useUpdateMailbox() {
  const invalidate = useInvalidateMailboxes();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateMailboxInput }) => updateMailbox(id, body),
    onSettled: invalidate,
  });
}

export function useRotateMailboxSecret() {
  const invalidate = useInvalidateMailboxes();
  return useMutation({ mutationFn: rotateMailboxSecret, onSettled: invalidate });
}

export function useDeleteMailbox() {
  const invalidate = useInvalidateMailboxes();
  return useMutation({ mutationFn: deleteMailbox, onSettled: invalidate });
}
