/**
 * The app's small inline icons, from Lucide (lucide-react), at one size. Decorative
 * (`aria-hidden`, not focusable): the text beside each one carries the meaning, so nothing
 * depends on seeing the icon or its colour (WCAG 2.2, 1.1.1 and 1.4.1).
 */
import {
  ArrowUp,
  Calendar,
  Check,
  ChevronDown,
  Lock,
  Minus,
  TriangleAlert,
  UserCheck,
  X,
  type LucideIcon,
} from 'lucide-react';

type IconProps = { className?: string };

/** Icons sit beside 13–14 px text. */
const ICON_SIZE = 14;

/** `Icon` as a decorative icon of the app's size. */
function decorative(Icon: LucideIcon, displayName: string) {
  function DecorativeIcon({ className }: IconProps) {
    return <Icon className={className} size={ICON_SIZE} aria-hidden="true" focusable="false" />;
  }
  DecorativeIcon.displayName = displayName;
  return DecorativeIcon;
}

export const AlertTriangleIcon = decorative(TriangleAlert, 'AlertTriangleIcon');
export const ArrowUpIcon = decorative(ArrowUp, 'ArrowUpIcon');
export const LockIcon = decorative(Lock, 'LockIcon');
export const CloseIcon = decorative(X, 'CloseIcon');
export const CheckIcon = decorative(Check, 'CheckIcon');
export const MinusIcon = decorative(Minus, 'MinusIcon');
export const ChevronDownIcon = decorative(ChevronDown, 'ChevronDownIcon');
export const UserCheckIcon = decorative(UserCheck, 'UserCheckIcon');
export const CalendarIcon = decorative(Calendar, 'CalendarIcon');
