-- Routing's choice by an index walk (docs/product.md "Groups and routing";
-- server/src/modules/groups/groups.repository.ts findLeastLoadedMember): in the load-based
-- modes PostgreSQL walks an organization's staff who may take tickets — active agents and
-- admins, available — by their load (the counters the trigger of migration …_agent_load keeps)
-- and stops at the first member of the group who qualifies, instead of reading every member
-- with their user row (measured: bench/README.md "Routing", run 7). One index per load a group
-- may compare: open tickets, or their weight by priority (`weightByPriority`). Partial indexes
-- are not modelled by prisma/schema.prisma (server/test/migrations.test.ts).
CREATE INDEX "users_routing_load_idx" ON "users" ("organizationId", "openTicketCount")
  WHERE "isActive" AND "availability" = 'available' AND "role" IN ('AGENT', 'ADMIN');

CREATE INDEX "users_routing_weight_idx" ON "users" ("organizationId", "openTicketWeight")
  WHERE "isActive" AND "availability" = 'available' AND "role" IN ('AGENT', 'ADMIN');
