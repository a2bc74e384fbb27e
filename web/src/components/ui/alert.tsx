import type { ReactNode } from 'react';

type AlertProps = {
  tone?: 'error' | 'info' | 'success';
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
};

/** Errors are announced at once (`role="alert"`); information waits its turn (`role="status"`). */
export function Alert({ tone = 'info', title, children, action }: AlertProps) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {title ? <p className="alert__title">{title}</p> : null}
      {children ? <div className="alert__body">{children}</div> : null}
      {action ? <div className="alert__action">{action}</div> : null}
    </div>
  );
}
