/** Custom field definitions (docs/api.md "Custom fields"). */
export {
  CUSTOM_FIELD_TYPES,
  type CreateCustomFieldBody,
  type CustomField,
  type CustomFieldList,
  type CustomFieldType,
  type UpdateCustomFieldBody,
} from '../modules/custom-fields/custom-fields.schemas.js';
