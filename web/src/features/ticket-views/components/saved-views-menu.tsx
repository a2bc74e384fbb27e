import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SavedView, SavedViewFilters } from '@docket/server/contract/saved-views';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { TextField } from '@/components/ui/field';
import { ChevronDownIcon } from '@/components/ui/icons';
import { useToast } from '@/components/ui/toast';
import { isApiError } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { errorMessage } from '@/lib/form-errors';
import {
  useCreateSavedView,
  useDeleteSavedView,
  useSavedViews,
  useShareableGroups,
  useUpdateSavedView,
} from '../api/saved-views';

type SavedViewsMenuProps = {
  /** The list's current search, filters and sort, as API query strings (what a view stores). */
  current: SavedViewFilters;
  /** Whether `view` shows the list as it is now (its name then labels the menu button). */
  isCurrent: (view: SavedView) => boolean;
  /** Shows the list of `view` (the caller puts its filters in the address). */
  onApply: (view: SavedView) => void;
};

/** The server's refusal as a message for the name field. */
function nameError(error: unknown, t: TFunction): string {
  if (isApiError(error) && error.code === 'saved_view_exists')
    return t('ticketFilters.views.nameTaken');
  return errorMessage(error, t);
}

/**
 * The "Views" menu of the ticket list (docs/product.md "Dashboard": saved views): the agent's saved
 * views to apply, "Save current view…" (a dialog asking a name) and "Manage views…" (a dialog to
 * rename and delete). Keyboard: the menu and dialogs are radix-ui's (arrows, Enter, Escape; focus
 * returns to the button).
 */
export function SavedViewsMenu({ current, isCurrent, onApply }: SavedViewsMenuProps) {
  const { t } = useTranslation();
  const views = useSavedViews();
  const [dialog, setDialog] = useState<'save' | 'manage' | null>(null);
  const active = views.data?.data.find(isCurrent);

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <button type="button" className="button button--secondary views-menu__trigger">
            {active
              ? t('ticketFilters.views.buttonCurrent', { name: active.name })
              : t('ticketFilters.views.button')}
            <ChevronDownIcon />
          </button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuLabel>{t('ticketFilters.views.menuLabel')}</DropdownMenuLabel>
          {views.isError ? (
            <DropdownMenuItem disabled>{t('ticketFilters.views.loadError')}</DropdownMenuItem>
          ) : views.data?.data.length ? (
            views.data.data.map((view) => (
              <DropdownMenuItem
                key={view.id}
                onSelect={() => onApply(view)}
                aria-current={view.id === active?.id ? 'true' : undefined}
                className={view.id === active?.id ? 'ui-menu__item--current' : undefined}
              >
                {view.name}
              </DropdownMenuItem>
            ))
          ) : (
            <DropdownMenuItem disabled>{t('ticketFilters.views.none')}</DropdownMenuItem>
          )}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setDialog('save')}>
            {t('ticketFilters.views.save')}
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => setDialog('manage')}>
            {t('ticketFilters.views.manage')}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <Dialog open={dialog === 'save'} onOpenChange={(open) => setDialog(open ? 'save' : null)}>
        {dialog === 'save' ? (
          <SaveViewDialogContent current={current} onDone={() => setDialog(null)} />
        ) : null}
      </Dialog>
      <Dialog open={dialog === 'manage'} onOpenChange={(open) => setDialog(open ? 'manage' : null)}>
        {dialog === 'manage' ? (
          <ManageViewsDialogContent views={(views.data?.data ?? []).filter((v) => v.editable)} />
        ) : null}
      </Dialog>
    </>
  );
}

function SaveViewDialogContent({
  current,
  onDone,
}: {
  current: SavedViewFilters;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const create = useCreateSavedView();
  const admin = useCurrentUser().role === 'ADMIN';
  const groups = useShareableGroups(admin);
  const [name, setName] = useState('');
  // `personal`, `organization` or `group:<id>` (admins share views: docs/product.md "Views").
  const [share, setShare] = useState('personal');
  const [error, setError] = useState<string | undefined>();
  const shareOptions = [
    { value: 'personal', label: t('ticketViews.share.personal') },
    { value: 'organization', label: t('ticketViews.share.organization') },
    ...(groups.data?.data ?? []).map((group) => ({
      value: `group:${group.id}`,
      label: t('ticketViews.share.group', { name: group.name }),
    })),
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError(t('validation.required'));
      return;
    }
    const sharing = share.startsWith('group:')
      ? { visibility: 'group' as const, groupId: share.slice('group:'.length) }
      : {
          visibility: share === 'organization' ? ('organization' as const) : ('personal' as const),
        };
    create.mutate(
      { name: trimmed, filters: current, ...sharing },
      {
        onSuccess: (view) => {
          toast({ tone: 'success', title: t('ticketFilters.views.saved', { name: view.name }) });
          onDone();
        },
        onError: (failure) => setError(nameError(failure, t)),
      },
    );
  };

  return (
    <DialogContent
      title={t('ticketFilters.views.saveTitle')}
      description={t('ticketFilters.views.saveHint')}
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={t('ticketFilters.views.name')}
          hint={t('ticketFilters.views.nameHint')}
          error={error}
          required
          value={name}
          maxLength={80}
          autoComplete="off"
          onChange={(event) => {
            setName(event.target.value);
            setError(undefined);
          }}
        />
        {admin ? (
          <Field label={t('ticketViews.share.label')} hint={t('ticketViews.share.hint')}>
            {(control) => (
              <Select {...control} value={share} onValueChange={setShare} options={shareOptions} />
            )}
          </Field>
        ) : null}
        <div className="form__actions">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending
              ? t('ticketFilters.views.saving')
              : t('ticketFilters.views.saveSubmit')}
          </Button>
          <DialogClose asChild>
            <Button variant="secondary">{t('ticketFilters.views.cancel')}</Button>
          </DialogClose>
        </div>
      </form>
    </DialogContent>
  );
}

function ManageViewsDialogContent({ views }: { views: SavedView[] }) {
  const { t } = useTranslation();
  return (
    <DialogContent title={t('ticketFilters.views.manageTitle')}>
      {views.length ? (
        <ul className="views-manage">
          {views.map((view) => (
            <ManagedView key={view.id} view={view} />
          ))}
        </ul>
      ) : (
        <p>{t('ticketFilters.views.manageEmpty')}</p>
      )}
    </DialogContent>
  );
}

/** One view in "Manage views": its name as an editable field, Save name and Delete. */
function ManagedView({ view }: { view: SavedView }) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const update = useUpdateSavedView();
  const remove = useDeleteSavedView();
  const [name, setName] = useState(view.name);
  const [error, setError] = useState<string | undefined>();
  const trimmed = name.trim();

  const rename = (event: FormEvent) => {
    event.preventDefault();
    if (!trimmed) {
      setError(t('validation.required'));
      return;
    }
    update.mutate(
      { id: view.id, change: { name: trimmed } },
      {
        onSuccess: (saved) => {
          setError(undefined);
          toast({ tone: 'success', title: t('ticketFilters.views.renamed', { name: saved.name }) });
        },
        onError: (failure) => setError(nameError(failure, t)),
      },
    );
  };

  return (
    <li className="views-manage__item">
      <form className="views-manage__form" onSubmit={rename} noValidate>
        <TextField
          label={t('ticketFilters.views.renameLabel', { name: view.name })}
          error={error}
          value={name}
          maxLength={80}
          autoComplete="off"
          onChange={(event) => {
            setName(event.target.value);
            setError(undefined);
          }}
        />
        <div className="views-manage__actions">
          <Button
            type="submit"
            variant="secondary"
            disabled={update.isPending || trimmed === view.name}
          >
            {t('ticketFilters.views.renameSubmit')}
          </Button>
          <Button
            variant="ghost"
            className="button--danger"
            aria-label={t('ticketFilters.views.deleteLabel', { name: view.name })}
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(view, {
                onSuccess: () =>
                  toast({ title: t('ticketFilters.views.deleted', { name: view.name }) }),
                onError: (failure) =>
                  toast({
                    tone: 'error',
                    title: t('ticketFilters.views.delete'),
                    description: errorMessage(failure, t),
                  }),
              })
            }
          >
            {t('ticketFilters.views.delete')}
          </Button>
        </div>
      </form>
      {remove.isError ? <Alert tone="error">{errorMessage(remove.error, t)}</Alert> : null}
    </li>
  );
}
