/** Macros and canned replies (docs/api.md "Macros", docs/product.md "Macros"). */
export {
  CreateMacroBodySchema,
  MacroActionSchema,
  MacroListSchema,
  MacroPreviewSchema,
  MacroSchema,
  UpdateMacroBodySchema,
  type CreateMacroInput,
  type Macro,
  type MacroAction,
  type MacroPreview,
  type UpdateMacroInput,
} from '../modules/macros/macros.schemas.js';
