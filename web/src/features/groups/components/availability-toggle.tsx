import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/form-errors';
import { useMyAvailability, useSetMyAvailability } from '../api/groups';
import './groups.css';

/**
 * The header's availability switch for agents and admins (docs/product.md "Groups and routing"):
 * a `role="switch"` button, checked while available, showing "Available" or "Away" (named
 * "Availability: Available", "Availability: Away") from `GET /api/me/availability`;
 * pressing it PUTs the other status. Away, routing gives the person no new ticket. Nothing shows
 * until the status is known; a failure to change it is said in a toast.
 */
export function AvailabilityToggle() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const availability = useMyAvailability();
  const setAvailability = useSetMyAvailability();
  const status = setAvailability.isPending ? setAvailability.variables : availability.data?.status;
  if (!status) return null;
  const available = status === 'available';
  const text = available ? t('groups.availability.available') : t('groups.availability.away');

  return (
    <Button
      variant="ghost"
      role="switch"
      aria-checked={available}
      className="availability-toggle"
      aria-label={t('groups.availability.switchLabel', { status: text })}
      disabled={setAvailability.isPending}
      onClick={() =>
        setAvailability.mutate(available ? 'away' : 'available', {
          onError: (error) =>
            toast({
              tone: 'error',
              title: t('groups.availability.failed'),
              description: errorMessage(error, t),
            }),
        })
      }
    >
      {text}
    </Button>
  );
}
