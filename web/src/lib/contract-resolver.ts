/**
 * react-hook-form's resolver for the forms that send a body of the API's contract, in a module of
 * its own so that pages without such a form do not load react-hook-form.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import type { FieldError, FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { translateCustom, translateIssue } from './form-errors';

/**
 * The message of an issue the error map never saw because the contract's rule names its own
 * (a refinement's, the tag pattern's), from the issue's code and the field it is on.
 */
function translateOwnMessage(field: string, error: FieldError, t: TFunction): string | undefined {
  if (error.type === 'custom') return translateCustom(field, error.message, t);
  if (error.type === 'invalid_format' && field === 'tags') return t('validation.tagFormat');
  return error.message;
}

/** The first message found in a react-hook-form error tree (`tags` → `tags[2]`). */
function firstMessage(error: unknown): FieldError | undefined {
  if (!error || typeof error !== 'object') return undefined;
  if ('message' in error && typeof error.message === 'string') return error as FieldError;
  for (const nested of Object.values(error)) {
    const found = firstMessage(nested);
    if (found) return found;
  }
  return undefined;
}

/**
 * react-hook-form's resolver for a form whose values `schema` turns into an API body (usually
 * `formValues.transform(toBody).pipe(<the contract's body schema>)`): @hookform/resolvers'
 * `zodResolver`, with the rules' messages translated by issue code, and each error reported on
 * the top-level field that holds it (the body's `tags.2` on the form's `tags`), where the form
 * shows it.
 */
export function contractResolver<Values extends FieldValues, Body>(
  schema: z.ZodType<Body, Values>,
  t: TFunction,
): Resolver<Values, unknown, Body> {
  const resolve = zodResolver(
    schema,
    { error: (issue) => translateIssue(issue, t) },
    { mode: 'sync' },
  ) as Resolver<Values, unknown, Body>;
  return async (values, context, options) => {
    const result = await resolve(values, context, options);
    if (!Object.keys(result.errors).length) return result;
    const errors: Record<string, FieldError> = {};
    for (const [field, tree] of Object.entries(result.errors)) {
      const first = firstMessage(tree);
      if (!first) continue;
      errors[field] = { ...first, message: translateOwnMessage(field, first, t) };
    }
    return { values: {}, errors: errors as typeof result.errors };
  };
}
