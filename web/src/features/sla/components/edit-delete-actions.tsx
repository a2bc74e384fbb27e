import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useToast } from '@/components/ui/toast';

interface EditDeleteActionsProps {
  /** The row's name, in the buttons' labels and the dialog. */
  name: string;
  /** What deleting it means, in the confirmation dialog. */
  deleteBody: string;
  onEdit: () => void;
  /** Deletes it (a server error is shown by the dialog); a success toast follows. */
  onDelete: () => Promise<void>;
}

/**
 * The "Edit" and "Delete" buttons of a row of the SLA admin tables (business hours, policies):
 * delete asks first (ConfirmDialog, which shows a refusal such as a 409), then says it was done.
 */
export function EditDeleteActions({ name, deleteBody, onEdit, onDelete }: EditDeleteActionsProps) {
  const { t } = useTranslation();
  const { toast } = useToast();
  return (
    <>
      <Button variant="secondary" aria-label={t('sla.common.editNamed', { name })} onClick={onEdit}>
        {t('sla.common.edit')}
      </Button>
      <ConfirmDialog
        trigger={t('sla.common.delete')}
        triggerLabel={t('sla.common.deleteNamed', { name })}
        title={t('sla.common.deleteTitle', { name })}
        description={deleteBody}
        confirmLabel={t('sla.common.delete')}
        onConfirm={async () => {
          await onDelete();
          toast({ tone: 'success', title: t('sla.common.deleted', { name }) });
        }}
      />
    </>
  );
}
