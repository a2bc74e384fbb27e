/** Saved ticket-list views (docs/api.md "Administration"). */
export {
  SAVED_VIEW_FILTER_KEYS,
  type CreateSavedViewBody,
  type SavedView,
  type SavedViewFilters,
  type SavedViewList,
  type UpdateSavedViewBody,
} from '../modules/saved-views/saved-views.schemas.js';
