/**
 * The admins' custom field management (docs/product.md "Custom fields"), over
 * `/api/custom-fields`: create, change (not the key nor the type) and delete definitions. The
 * list is lib/custom-fields.ts's, shared with the forms that render the fields.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  CreateCustomFieldBody,
  CustomField,
  UpdateCustomFieldBody,
} from '@docket/server/contract/custom-fields';
import { api, apiRequest } from '@/lib/api-client';
import { customFieldKeys } from '@/lib/custom-fields';

/** `POST /api/custom-fields`: 201 with the definition; 409 `custom_field_exists`. */
function createCustomField(body: CreateCustomFieldBody) {
  return api.post<CustomField>('/custom-fields', body);
}

/** `PATCH /api/custom-fields/:id`: labels, options, flags, position. */
function updateCustomField(id: string, body: UpdateCustomFieldBody) {
  return api.patch<CustomField>(`/custom-fields/${encodeURIComponent(id)}`, body);
}

/** `DELETE /api/custom-fields/:id` (204): values already on tickets stay. */
function deleteCustomField(id: string) {
  return apiRequest<void>(`/custom-fields/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

function useInvalidateCustomFields() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: customFieldKeys.all });
}

export function useCreateCustomField() {
  const invalidate = useInvalidateCustomFields();
  return useMutation({ mutationFn: createCustomField, onSuccess: invalidate });
}

export function useUpdateCustomField() {
  const invalidate = useInvalidateCustomFields();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateCustomFieldBody }) =>
      updateCustomField(id, body),
    onSettled: invalidate,
  });
}

export function useDeleteCustomField() {
  const invalidate = useInvalidateCustomFields();
  return useMutation({ mutationFn: deleteCustomField, onSettled: invalidate });
}
