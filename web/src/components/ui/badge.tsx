import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'critical';

type BadgeProps = {
  tone?: BadgeTone;
  /** A decorative icon (from `./icons`); the text says the same thing. */
  icon?: ReactNode;
  children: ReactNode;
  /** Extra classes, e.g. the ticket feature's `badge--status-open`. */
  className?: string;
  /** Read by screen readers instead of the visible text, when that text is an abbreviation. */
  title?: string;
} & { [data: `data-${string}`]: string | undefined };

/**
 * A small labelled pill. Never colour alone: the text always names the state, and `critical`
 * (the loudest: solid red) should come with an icon. `critical` is for CRITICAL tickets ("crisis"
 * in the counselling seeds), `danger` for errors, `warning` for things that need attention soon.
 *
 * ```tsx
 * <Badge tone="critical" icon={<AlertTriangleIcon className="badge__icon" />}>Critical</Badge>
 * ```
 */
export function Badge({ tone = 'neutral', icon, children, className, title, ...data }: BadgeProps) {
  const classes = ['badge', `badge--tone-${tone}`, className].filter(Boolean).join(' ');
  return (
    <span className={classes} title={title} {...data}>
      {icon}
      <span className="badge__label">{children}</span>
    </span>
  );
}
