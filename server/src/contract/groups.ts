/** Groups (teams), routing and availability (docs/api.md "Groups and routing"). */
export {
  CreateGroupBodySchema,
  GROUP_ROUTINGS,
  UpdateGroupBodySchema,
  type Availability,
  type CreateGroupBody,
  type Group,
  type GroupList,
  type GroupMember,
  type GroupRouting,
  type SuggestedAgent,
  type SuggestedAgentList,
  type UpdateGroupBody,
} from '../modules/groups/groups.schemas.js';
