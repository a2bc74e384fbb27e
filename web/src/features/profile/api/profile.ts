/**
 * The signed-in person's profile (docs/api.md "Profile"): `GET /api/me` and `PATCH /api/me`.
 * A saved change applies at once: the language (i18n), the theme (utils/theme.ts) and the name
 * in the header (the signed-in user is refetched).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Profile, UpdateProfileBody } from '@docket/server/contract/me';
import { changeLanguage } from '@/i18n';
import { api } from '@/lib/api-client';
import { authKeys, profileKeys } from '@/lib/query-keys';
import { setThemePreference } from '../utils/theme';

/** `GET /api/me`: `{id, name, email, role, locale, timeZone, signature, theme}`. */
export function profileQueryOptions() {
  return queryOptions({
    queryKey: profileKeys.me(),
    queryFn: ({ signal }) => api.get<Profile>('/me', { signal }),
    staleTime: 5 * 60_000,
  });
}

/** The signed-in person's profile. */
export function useProfile() {
  return useQuery(profileQueryOptions());
}

/**
 * `PATCH /api/me` with the changed fields → the profile. 400 names the field
 * (`errors[].path`), 403 a customer's `signature`. On success the language, theme and header
 * follow.
 */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  const { i18n } = useTranslation();
  return useMutation({
    mutationFn: (body: UpdateProfileBody) => api.patch<Profile>('/me', body),
    onSuccess: async (profile, body) => {
      queryClient.setQueryData(profileKeys.me(), profile);
      setThemePreference(profile.theme);
      // Only a language chosen here: the header's language switch is the tab's own choice.
      if (body.locale) await changeLanguage(i18n, profile.locale);
      await queryClient.invalidateQueries({ queryKey: authKeys.all });
    },
  });
}
