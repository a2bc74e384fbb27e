/** Password reset and invitations (docs/api.md "Auth" and "Invitations"). */
export type {
  AcceptInvitationBody,
  CreateInvitationBody,
  Invitation,
  InvitationList,
  InvitationPreview,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
} from '../modules/accounts/accounts.schemas.js';
