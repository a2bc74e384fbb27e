/**
 * The public surface of the custom-fields module: what other modules may use. The rest of the
 * folder is the module's own (docs/architecture.md "Modules").
 */
export {
  checkNewTicketCustomFields,
  customerVisibleFieldKeys,
  customerVisibleValues,
  customFieldFilterMatch,
  mergeTicketCustomFields,
} from './custom-field-values.js';
export { listCustomFields, listCustomerVisibleFieldsOfTicket } from './custom-fields.repository.js';
