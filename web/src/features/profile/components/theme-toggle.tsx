import { Moon, Sun } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/form-errors';
import { useProfile, useUpdateProfile } from '../api/profile';
import { useResolvedTheme, useThemeSync } from '../utils/theme';

/**
 * The header's dark mode switch (docs/product.md "Profile"): a `role="switch"` button, checked
 * while the dashboard is dark. Pressing it saves the other scheme to the profile (`PATCH
 * /api/me {theme}`), which applies at once. Also keeps `<html data-theme>` in step with the
 * profile and, for `system`, with the device.
 */
export function ThemeToggle() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const profile = useProfile();
  const update = useUpdateProfile();
  useThemeSync(profile.data?.theme);
  const dark = useResolvedTheme() === 'dark';
  const Icon = dark ? Moon : Sun;
  return (
    <Button
      variant="ghost"
      role="switch"
      aria-checked={dark}
      className="theme-toggle"
      aria-label={t('profile.theme.darkMode')}
      title={t('profile.theme.darkMode')}
      disabled={update.isPending}
      onClick={() =>
        update.mutate(
          { theme: dark ? 'light' : 'dark' },
          {
            onError: (error) =>
              toast({
                tone: 'error',
                title: t('profile.saveFailed'),
                description: errorMessage(error, t),
              }),
          },
        )
      }
    >
      <Icon aria-hidden="true" focusable="false" className="theme-toggle__icon" />
    </Button>
  );
}
