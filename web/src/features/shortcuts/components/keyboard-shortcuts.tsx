import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { paths } from '@/config/paths';
import { useShortcut } from '../hooks/use-shortcut';
import { SHORTCUT_GROUPS } from '../utils/shortcut-list';

/**
 * The dashboard-wide shortcuts (docs/product.md "Keyboard shortcuts"): `?` opens the dialog that
 * lists them all (radix Dialog: focus trapped, Escape closes, focus returns), `g` then `i` goes to
 * the inbox, `g` then `c` to the chats. The list's and the ticket's own keys are registered by
 * their pages (app/routes/tickets). Mounted once, in the header.
 */
export function KeyboardShortcuts() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);

  useShortcut('?', () => setOpen(true), { byCharacter: true });
  useShortcut('g>i', () => void navigate(paths.tickets.getHref()));
  useShortcut('g>c', () => void navigate(paths.chats.getHref()));

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogContent
        title={t('inbox.shortcuts.title')}
        description={t('inbox.shortcuts.description')}
        size="wide"
      >
        <div className="shortcuts-help">
          {SHORTCUT_GROUPS.map((group) => (
            <table key={group.id} className="shortcuts-help__table">
              <caption>{t(`inbox.shortcuts.groups.${group.id}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('inbox.shortcuts.keyColumn')}</th>
                  <th scope="col">{t('inbox.shortcuts.actionColumn')}</th>
                </tr>
              </thead>
              <tbody>
                {group.shortcuts.map((shortcut) => (
                  <tr key={shortcut.action}>
                    <td>
                      {shortcut.keys.map((sequence, i) => (
                        <Fragment key={sequence.join(' ')}>
                          {i > 0 ? ` ${t('inbox.shortcuts.or')} ` : null}
                          {sequence.map((key, j) => (
                            <Fragment key={key}>
                              {j > 0 ? ` ${t('inbox.shortcuts.then')} ` : null}
                              <kbd>{key}</kbd>
                            </Fragment>
                          ))}
                        </Fragment>
                      ))}
                    </td>
                    <td>{t(`inbox.shortcuts.actions.${shortcut.action}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
      </DialogContent>
    </Dialog>
  );
}
