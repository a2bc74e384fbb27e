import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateCategoryBodySchema, type Category } from '@docket/server/contract/categories';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { checkForm, errorMessage, formErrors, type FieldErrors } from '@/lib/form-errors';
import {
  useAllCategories,
  useCreateCategory,
  useDeactivateCategory,
  useUpdateCategory,
} from '../api/categories';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

/**
 * The admins' categories page: add a category, rename or describe one, deactivate it (the
 * server's delete: tickets keep it, new tickets cannot pick it) or reactivate it.
 */
export function CategoriesAdmin() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const categories = useAllCategories();
  const update = useUpdateCategory();
  const deactivate = useDeactivateCategory();
  const [actionError, setActionError] = useState<unknown>(null);

  return (
    <>
      <CreateCategoryForm />
      <Card title={t('admin.categories.listTitle')}>
        {actionError ? <Alert tone="error">{errorMessage(actionError, t)}</Alert> : null}
        {categories.isPending ? <Loading /> : null}
        {categories.isError ? (
          <Alert tone="error">{errorMessage(categories.error, t)}</Alert>
        ) : null}
        {categories.data ? (
          <DataTable
            caption={t('admin.categories.listTitle')}
            hideCaption
            rows={categories.data.data}
            rowKey={(category) => category.id}
            empty={t('admin.categories.empty')}
            columns={[
              {
                key: 'name',
                header: t('admin.categories.name'),
                rowHeader: true,
                cell: (category) => category.name,
              },
              {
                key: 'description',
                header: t('admin.categories.description'),
                cell: (category) => category.description ?? '—',
              },
              {
                key: 'status',
                header: t('admin.categories.status'),
                cell: (category) =>
                  category.isActive ? (
                    <Badge tone="success">{t('admin.common.active')}</Badge>
                  ) : (
                    <Badge tone="neutral">{t('admin.common.deactivated')}</Badge>
                  ),
              },
              {
                key: 'actions',
                header: t('admin.common.actions'),
                cell: (category) => (
                  <span className="admin-row-actions">
                    <RenameCategoryDialog category={category} />
                    {category.isActive ? (
                      <ConfirmDialog
                        trigger={t('admin.categories.deactivate')}
                        triggerLabel={t('admin.categories.deactivateNamed', {
                          name: category.name,
                        })}
                        title={t('admin.categories.deactivateTitle', { name: category.name })}
                        description={t('admin.categories.deactivateBody')}
                        confirmLabel={t('admin.categories.deactivate')}
                        onConfirm={() => deactivate.mutateAsync(category.id)}
                      />
                    ) : (
                      <Button
                        variant="secondary"
                        aria-label={t('admin.categories.reactivateNamed', { name: category.name })}
                        disabled={update.isPending}
                        onClick={() => {
                          setActionError(null);
                          update.mutate(
                            { id: category.id, body: { isActive: true } },
                            {
                              onSuccess: () =>
                                toast({
                                  tone: 'success',
                                  title: t('admin.categories.reactivated', {
                                    name: category.name,
                                  }),
                                }),
                              onError: setActionError,
                            },
                          );
                        }}
                      >
                        {t('admin.categories.reactivate')}
                      </Button>
                    )}
                  </span>
                ),
              },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}

/** "New category": a name (unique in the organization, any case) and an optional description. */
function CreateCategoryForm() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateCategory();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = checkForm(
      CreateCategoryBodySchema,
      {
        name,
        description: description.trim() || undefined,
      },
      t,
      setErrors,
    );
    if (!body) return;
    create.mutate(body, {
      onSuccess: (category) => {
        setName('');
        setDescription('');
        toast({ tone: 'success', title: t('admin.categories.created', { name: category.name }) });
      },
    });
  }

  const { fieldError, generalError } = formErrors(errors, create.error, ['name', 'description'], t);

  return (
    <form className="card admin-form" onSubmit={handleSubmit} noValidate>
      <h2 className="card__title">{t('admin.categories.create.title')}</h2>
      <div className="admin-form__row">
        <CategoryFields
          name={name}
          description={description}
          onNameChange={setName}
          onDescriptionChange={setDescription}
          fieldError={fieldError}
        />
      </div>
      {generalError ? <Alert tone="error">{generalError}</Alert> : null}
      <div className="admin-form__actions">
        <Button type="submit" disabled={create.isPending}>
          {t('admin.categories.create.submit')}
        </Button>
      </div>
    </form>
  );
}

/** "Rename": the category's name and description in a dialog; a rename shows on every ticket. */
function RenameCategoryDialog({ category }: { category: Category }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(category.name);
  const [description, setDescription] = useState(category.description ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const update = useUpdateCategory();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkForm(
      CreateCategoryBodySchema,
      {
        name,
        description: description.trim() || undefined,
      },
      t,
      setErrors,
    );
    if (!checked) return;
    update.mutate(
      {
        id: category.id,
        body: { name: checked.name, description: checked.description ?? null },
      },
      { onSuccess: () => setOpen(false) },
    );
  }

  const { fieldError, generalError } = formErrors(errors, update.error, ['name'], t);

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setName(category.name);
          setDescription(category.description ?? '');
          setErrors({});
          update.reset();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button
          variant="secondary"
          aria-label={t('admin.categories.renameNamed', { name: category.name })}
        >
          {t('admin.categories.rename')}
        </Button>
      </DialogTrigger>
      <DialogContent title={t('admin.categories.renameTitle', { name: category.name })}>
        <form className="form" onSubmit={handleSubmit} noValidate>
          <CategoryFields
            name={name}
            description={description}
            onNameChange={setName}
            onDescriptionChange={setDescription}
            fieldError={fieldError}
          />
          {generalError ? <Alert tone="error">{generalError}</Alert> : null}
          <div className="admin-dialog__actions">
            <DialogClose asChild>
              <Button variant="ghost">{t('admin.common.cancel')}</Button>
            </DialogClose>
            <Button type="submit" disabled={update.isPending}>
              {t('admin.categories.save')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** A category's name and description inputs, shared by "New category" and "Rename". */
function CategoryFields({
  name,
  description,
  onNameChange,
  onDescriptionChange,
  fieldError,
}: {
  name: string;
  description: string;
  onNameChange: (name: string) => void;
  onDescriptionChange: (description: string) => void;
  fieldError: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('admin.categories.name')} error={fieldError('name')} required>
        {(control) => (
          <input
            {...control}
            className="input"
            value={name}
            maxLength={100}
            onChange={(e) => onNameChange(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('admin.categories.description')} error={fieldError('description')}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={description}
            maxLength={500}
            onChange={(e) => onDescriptionChange(e.target.value)}
          />
        )}
      </Field>
    </>
  );
}
