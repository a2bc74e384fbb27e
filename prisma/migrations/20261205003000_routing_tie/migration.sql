-- The load-based modes' tie-break in the index (docs/product.md "Groups and routing";
-- server/src/modules/groups/groups.repository.ts findLeastLoadedMember): among members of the
-- same load, the one assigned a ticket longest ago (by anyone: routing, a claim, by hand; never
-- first), then by id. It used to be the group's own `group_members.lastRoutedAt`, which the
-- users' index could not hold: the walk read every member of the lowest load and sorted them,
-- and in a team whose loads are level that is the whole team (1.5 ms of PostgreSQL CPU per
-- decision at 80 tied members, bench/README.md "Routing", run 10). With the tie-break in the
-- index the walk stops at the first member who qualifies. Round robin keeps lastRoutedAt.
ALTER TABLE "users" ADD COLUMN "lastAssignedAt" TIMESTAMPTZ(3);

-- The load trigger of migration …_agent_load, which also marks the new assignee's
-- lastAssignedAt when a ticket is assigned to them (the same UPDATE of the same row).
CREATE OR REPLACE FUNCTION docket_track_agent_load() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_user uuid;
  new_user uuid;
  old_weight integer := 0;
  new_weight integer := 0;
  assigned boolean;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    old_user := OLD."assigneeId";
    old_weight := docket_ticket_weight(OLD.status, OLD.priority, OLD."deletedAt");
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_user := NEW."assigneeId";
    new_weight := docket_ticket_weight(NEW.status, NEW.priority, NEW."deletedAt");
  END IF;
  IF old_user IS NULL THEN old_weight := 0; END IF;
  IF new_user IS NULL THEN new_weight := 0; END IF;
  IF old_user IS NOT DISTINCT FROM new_user AND old_weight = new_weight THEN
    RETURN NULL;
  END IF;
  assigned := new_user IS NOT NULL AND new_user IS DISTINCT FROM old_user;
  UPDATE users u SET
    "openTicketCount" = u."openTicketCount"
      - CASE WHEN u.id = old_user AND old_weight > 0 THEN 1 ELSE 0 END
      + CASE WHEN u.id = new_user AND new_weight > 0 THEN 1 ELSE 0 END,
    "openTicketWeight" = u."openTicketWeight"
      - CASE WHEN u.id = old_user THEN old_weight ELSE 0 END
      + CASE WHEN u.id = new_user THEN new_weight ELSE 0 END,
    "lastAssignedAt" = CASE WHEN assigned AND u.id = new_user THEN now() ELSE u."lastAssignedAt" END
  WHERE u.id IN (old_user, new_user);
  RETURN NULL;
END
$$;

-- Partial indexes are not modelled by prisma/schema.prisma (server/test/migrations.test.ts).
DROP INDEX "users_routing_load_idx";
CREATE INDEX "users_routing_load_idx"
  ON "users" ("organizationId", "openTicketCount", "lastAssignedAt" NULLS FIRST, "id")
  WHERE "isActive" AND "availability" = 'available' AND "role" IN ('AGENT', 'ADMIN');

DROP INDEX "users_routing_weight_idx";
CREATE INDEX "users_routing_weight_idx"
  ON "users" ("organizationId", "openTicketWeight", "lastAssignedAt" NULLS FIRST, "id")
  WHERE "isActive" AND "availability" = 'available' AND "role" IN ('AGENT', 'ADMIN');
