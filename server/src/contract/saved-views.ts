/** Saved ticket-list views, built-in views and their counts (docs/api.md "Views"). */
export {
  SAVED_VIEW_FILTER_KEYS,
  VIEW_COLUMN_KEYS,
  type BuiltInView,
  type BuiltInViewList,
  type CreateSavedViewBody,
  type SavedView,
  type SavedViewCounts,
  type SavedViewFilters,
  type SavedViewList,
  type SavedViewVisibility,
  type UpdateSavedViewBody,
  type ViewColumnKey,
} from '../modules/saved-views/saved-views.schemas.js';
