/**
 * Small inline icons. Decorative (`aria-hidden`): the text beside each one carries the meaning,
 * so nothing depends on seeing the icon or its colour.
 */
type IconProps = { className?: string };

export function AlertTriangleIcon({ className }: IconProps) {
  return (
    <svg
      className={className}
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M8 1.5 15 14H1L8 1.5Z" fill="currentColor" />
      <path
        d="M8 6v3.5"
        stroke="var(--icon-contrast, #fff)"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
      <circle cx="8" cy="11.6" r="0.9" fill="var(--icon-contrast, #fff)" />
    </svg>
  );
}

export function ArrowUpIcon({ className }: IconProps) {
  return (
    <svg
      className={className}
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M8 2.5 13 8H9.8v5.5H6.2V8H3l5-5.5Z" fill="currentColor" />
    </svg>
  );
}

export function LockIcon({ className }: IconProps) {
  return (
    <svg
      className={className}
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      focusable="false"
    >
      <rect x="3" y="7" width="10" height="7.5" rx="1.5" fill="currentColor" />
      <path
        d="M5.2 7V5a2.8 2.8 0 0 1 5.6 0v2"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
      />
    </svg>
  );
}
