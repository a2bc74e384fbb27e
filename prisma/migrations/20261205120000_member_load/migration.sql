-- The load-based modes' board on the group's own rows (docs/product.md "Groups and routing";
-- server/src/modules/groups/groups.repository.ts findLeastLoadedMember). A member's load (open
-- tickets, their weight) and when a ticket was last assigned to them are copied onto each of
-- their `group_members` rows by the load trigger, in the same statement that changes `users`:
-- routing reads the group's few member rows and sorts them, instead of walking an index of the
-- organization's staff ordered by load. That index (users_routing_load_idx,
-- users_routing_weight_idx of migrations …_routing_pick, …_routing_tie) took a new entry and left
-- a dead one at every assignment, so under load the walk stepped over thousands of dead entries
-- (measured at a million tickets: 0.86 ms of PostgreSQL per decision under load, 681 buffers at
-- rest after a few benchmark runs; bench/README.md "Routing"). Without it, the users' updates
-- are HOT, and `group_members` holds no index on the copied columns either.
ALTER TABLE "group_members"
  ADD COLUMN "openTicketCount" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "openTicketWeight" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "lastAssignedAt" TIMESTAMPTZ(3);

DROP INDEX "users_routing_load_idx";
DROP INDEX "users_routing_weight_idx";

-- The load trigger of migration …_routing_tie, which now also copies the two users' new load
-- onto their member rows (after their users rows are locked and changed: every writer of a
-- member's copy holds that user's row lock first, so two changes cannot deadlock over them).
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
  UPDATE group_members m SET
    "openTicketCount" = u."openTicketCount",
    "openTicketWeight" = u."openTicketWeight",
    "lastAssignedAt" = u."lastAssignedAt"
  FROM users u
  WHERE u.id IN (old_user, new_user) AND m."userId" = u.id;
  RETURN NULL;
END
$$;

-- A new member's row starts with their load. (A change of that load committing while the member
-- is being added, unseen by both, leaves the copy one change behind until the member's next one;
-- routing then only orders that member by a load one ticket off: capacity is always checked
-- against `users`, under its row lock, groups/routing.ts.)
CREATE FUNCTION docket_member_load() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT u."openTicketCount", u."openTicketWeight", u."lastAssignedAt"
    INTO NEW."openTicketCount", NEW."openTicketWeight", NEW."lastAssignedAt"
  FROM users u WHERE u.id = NEW."userId";
  RETURN NEW;
END
$$;

CREATE TRIGGER group_members_load
BEFORE INSERT ON group_members
FOR EACH ROW EXECUTE FUNCTION docket_member_load();

-- The members already there.
UPDATE group_members m SET
  "openTicketCount" = u."openTicketCount",
  "openTicketWeight" = u."openTicketWeight",
  "lastAssignedAt" = u."lastAssignedAt"
FROM users u
WHERE m."userId" = u.id;
