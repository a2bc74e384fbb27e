import { Toast as RadixToast } from 'radix-ui';
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { CloseIcon } from './icons';

export type ToastTone = 'info' | 'success' | 'error';

export type ToastOptions = {
  title: ReactNode;
  description?: ReactNode;
  /** `error` toasts are announced assertively and stay until closed. */
  tone?: ToastTone;
  /** Milliseconds before it hides itself; default 5000 (errors: until closed). */
  duration?: number;
};

type ToastEntry = ToastOptions & { id: number; open: boolean };

type ToastApi = {
  /** Shows a toast; returns its id. */
  toast: (options: ToastOptions) => number;
  /** Hides a toast by id. */
  dismiss: (id: number) => void;
};

const ToastContext = createContext<ToastApi | null>(null);

/**
 * Short, non-blocking notices ("3 tickets updated") in a corner of the screen (radix-ui Toast:
 * an ARIA live region, F8 jumps to it, swipe or the close button dismisses, hovering pauses the
 * timer). Mounted once in `AppProvider`; any component calls `useToast()`:
 *
 * ```tsx
 * const { toast } = useToast();
 * toast({ tone: 'success', title: t('…saved') });
 * ```
 * Anything a person must act on belongs in the page (an `Alert`), not only in a toast.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<ToastEntry[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => {
    setToasts((all) => all.map((entry) => (entry.id === id ? { ...entry, open: false } : entry)));
  }, []);

  const toast = useCallback((options: ToastOptions) => {
    const id = nextId.current++;
    setToasts((all) => [...all.filter((entry) => entry.open), { ...options, id, open: true }]);
    return id;
  }, []);

  const api = useMemo(() => ({ toast, dismiss }), [toast, dismiss]);

  return (
    <ToastContext.Provider value={api}>
      <RadixToast.Provider swipeDirection="right" label={t('common.notifications')}>
        {children}
        {toasts.map(({ id, open, title, description, tone = 'info', duration }) => (
          <RadixToast.Root
            key={id}
            open={open}
            onOpenChange={(next) => {
              if (!next) dismiss(id);
            }}
            type={tone === 'error' ? 'foreground' : 'background'}
            duration={duration ?? (tone === 'error' ? Infinity : 5000)}
            className={`ui-toast ui-toast--${tone}`}
          >
            <div className="ui-toast__text">
              <RadixToast.Title className="ui-toast__title">{title}</RadixToast.Title>
              {description ? (
                <RadixToast.Description className="ui-toast__description">
                  {description}
                </RadixToast.Description>
              ) : null}
            </div>
            <RadixToast.Close className="ui-icon-button" aria-label={t('common.close')}>
              <CloseIcon />
            </RadixToast.Close>
          </RadixToast.Root>
        ))}
        <RadixToast.Viewport className="ui-toast__viewport" />
      </RadixToast.Provider>
    </ToastContext.Provider>
  );
}

/** The toast API of the nearest `ToastProvider` (the app mounts one in `AppProvider`). */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api)
    throw new Error('useToast() must be used inside <ToastProvider> (AppProvider mounts it)');
  return api;
}
