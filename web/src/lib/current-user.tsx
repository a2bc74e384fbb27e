import { createContext, use } from 'react';
import type { User } from '@docket/server/contract/auth';

const CurrentUserContext = createContext<User | null>(null);

export const CurrentUserProvider = CurrentUserContext;

/** The signed-in user; only inside `RequireAuth`, which renders nothing until the user is known. */
export function useCurrentUser(): User {
  const user = use(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser is used outside RequireAuth');
  return user;
}
