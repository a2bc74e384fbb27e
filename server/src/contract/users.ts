/** The organization's users (docs/api.md "Administration"). */
export {
  CreateUserBodySchema,
  type CreateUserBody,
  type OrganizationUser,
  type OrganizationUserList,
  type UpdateUserBody,
} from '../modules/users/users.schemas.js';
