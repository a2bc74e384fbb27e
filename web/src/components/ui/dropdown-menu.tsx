import { DropdownMenu as RadixMenu } from 'radix-ui';
import type { ComponentProps, ReactNode } from 'react';

/**
 * A menu of actions (radix-ui DropdownMenu: a `menu` with arrow-key navigation, type-ahead,
 * Escape to close and focus back on the trigger).
 *
 * ```tsx
 * <DropdownMenu>
 *   <DropdownMenuTrigger asChild><Button variant="secondary">Views</Button></DropdownMenuTrigger>
 *   <DropdownMenuContent>
 *     <DropdownMenuLabel>Saved views</DropdownMenuLabel>
 *     <DropdownMenuItem onSelect={() => apply(view)}>My open</DropdownMenuItem>
 *     <DropdownMenuSeparator />
 *     <DropdownMenuItem tone="danger" onSelect={remove}>Delete</DropdownMenuItem>
 *   </DropdownMenuContent>
 * </DropdownMenu>
 * ```
 * Items act on `onSelect` (mouse, Enter or Space); they are buttons, not links.
 */
export const DropdownMenu = RadixMenu.Root;
/** The button that opens the menu; use `asChild` to keep our `<Button>`. */
export const DropdownMenuTrigger = RadixMenu.Trigger;

/** The menu's panel, in a portal, aligned to the trigger's start and kept inside the screen. */
export function DropdownMenuContent({
  children,
  align = 'start',
  ...props
}: ComponentProps<typeof RadixMenu.Content>) {
  return (
    <RadixMenu.Portal>
      <RadixMenu.Content
        className="ui-menu"
        align={align}
        sideOffset={4}
        collisionPadding={8}
        {...props}
      >
        {children}
      </RadixMenu.Content>
    </RadixMenu.Portal>
  );
}

type DropdownMenuItemProps = ComponentProps<typeof RadixMenu.Item> & {
  /** `danger` for destructive actions (red text; the words still say what happens). */
  tone?: 'normal' | 'danger';
};

/** One action of the menu. */
export function DropdownMenuItem({ tone = 'normal', className, ...props }: DropdownMenuItemProps) {
  const classes = ['ui-menu__item', tone === 'danger' ? 'ui-menu__item--danger' : null, className]
    .filter(Boolean)
    .join(' ');
  return <RadixMenu.Item className={classes} {...props} />;
}

/** A non-interactive heading for a group of items. */
export function DropdownMenuLabel({ children }: { children: ReactNode }) {
  return <RadixMenu.Label className="ui-menu__label">{children}</RadixMenu.Label>;
}

/** A line between groups of items. */
export function DropdownMenuSeparator() {
  return <RadixMenu.Separator className="ui-menu__separator" />;
}
