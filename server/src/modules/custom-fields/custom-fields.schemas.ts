/**
 * Custom field definitions of an organization (docs/product.md "Custom fields"): the requests and
 * the whitelisted answer of `/api/custom-fields`.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';

/** The value types a custom field may have (prisma enum CustomFieldType). */
export const CUSTOM_FIELD_TYPES = [
  'text',
  'number',
  'boolean',
  'date',
  'select',
  'multi_select',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** At most this many definitions per organization. */
export const MAX_CUSTOM_FIELDS = 50;
/** At most this many options on a select or multi_select field. */
const MAX_CUSTOM_FIELD_OPTIONS = 100;

const LabelText = z.string().trim().min(1).max(100);
/** `{en, fr}`: the label in each dashboard language (1–100 characters each). */
const LabelSchema = z.strictObject({ en: LabelText, fr: LabelText });

/** A custom field definition as every role that may list it sees it. */
export const CustomFieldSchema = z
  .object({
    id: z.uuid(),
    key: z.string().describe('The key in a ticket’s `customFields`'),
    label: z.object({ en: z.string(), fr: z.string() }),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(z.string()).describe('The allowed values of select and multi_select'),
    required: z.boolean(),
    customerVisible: z.boolean(),
    customerEditable: z.boolean(),
    position: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'CustomField' });
export type CustomField = z.output<typeof CustomFieldSchema>;

/** GET /api/custom-fields answer: `{data}` by position then key (at most 50: not paginated). */
export const CustomFieldListSchema = z
  .object({ data: z.array(CustomFieldSchema) })
  .meta({ id: 'CustomFieldList' });
export type CustomFieldList = z.output<typeof CustomFieldListSchema>;

const KeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'a lower-case letter, then up to 39 letters, digits or _');
const OptionsSchema = z
  .array(z.string().trim().min(1).max(100))
  .max(MAX_CUSTOM_FIELD_OPTIONS)
  .refine((options) => new Set(options).size === options.length, {
    message: 'options must be distinct',
  });
const PositionSchema = z.number().int().min(0).max(10_000);

/** POST /api/custom-fields body. */
export const CreateCustomFieldBodySchema = z
  .strictObject({
    key: KeySchema,
    label: LabelSchema,
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: OptionsSchema.optional(),
    required: z.boolean().default(false),
    customerVisible: z.boolean().default(false),
    customerEditable: z.boolean().default(false),
    position: PositionSchema.optional(),
  })
  .meta({ id: 'CreateCustomFieldBody' });
export type CreateCustomFieldBody = z.input<typeof CreateCustomFieldBodySchema>;
export type CreateCustomFieldInput = z.output<typeof CreateCustomFieldBodySchema>;

/**
 * PATCH /api/custom-fields/:id body: any of the create fields. `key` and `type` may be sent
 * only with their current value (400 naming the field otherwise).
 */
export const UpdateCustomFieldBodySchema = z
  .strictObject({
    key: KeySchema.optional(),
    label: LabelSchema.optional(),
    type: z.enum(CUSTOM_FIELD_TYPES).optional(),
    options: OptionsSchema.optional(),
    required: z.boolean().optional(),
    customerVisible: z.boolean().optional(),
    customerEditable: z.boolean().optional(),
    position: PositionSchema.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'give at least one field to change',
  })
  .meta({ id: 'UpdateCustomFieldBody' });
export type UpdateCustomFieldBody = z.input<typeof UpdateCustomFieldBodySchema>;
export type UpdateCustomFieldInput = z.output<typeof UpdateCustomFieldBodySchema>;

/** `:id` of custom field routes; anything not a definition of the caller's organization is 404. */
export const CustomFieldIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
