/** Satisfaction ratings (docs/api.md "Satisfaction"; docs/product.md "Satisfaction"). */
export {
  SATISFACTION_CHANGE_DAYS,
  SATISFACTION_COMMENT_MAX,
  SATISFACTION_REASONS,
  type RateBody,
  type SatisfactionSettings,
  type UpdateSatisfactionSettingsBody,
  type SatisfactionScale,
  type SatisfactionState,
  type TicketSatisfaction,
} from '../modules/satisfaction/satisfaction.schemas.js';
