-- AlterTable
ALTER TABLE "users" ADD COLUMN     "openTicketCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "openTicketWeight" INTEGER NOT NULL DEFAULT 0;

-- An agent's load, kept with every change of a ticket's assignee, status, priority or deletion
-- (docs/product.md "Groups and routing"): routing reads it instead of counting the agent's open
-- tickets (thousands at a million tickets). A ticket counts for its assignee while it is not
-- RESOLVED or CLOSED and not deleted, weighing LOW 1, MEDIUM 2, HIGH 3, URGENT 4, CRITICAL 5.
-- Both users change in ONE statement, which locks their rows in index order: two reassignments
-- in opposite directions cannot deadlock.
CREATE FUNCTION docket_ticket_weight(status "TicketStatus", priority "TicketPriority", deleted_at timestamptz)
RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN status IN ('RESOLVED', 'CLOSED') OR deleted_at IS NOT NULL THEN 0
              ELSE CASE priority WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3
                                 WHEN 'URGENT' THEN 4 ELSE 5 END END
$$;

CREATE FUNCTION docket_track_agent_load() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_user uuid;
  new_user uuid;
  old_weight integer := 0;
  new_weight integer := 0;
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
  UPDATE users u SET
    "openTicketCount" = u."openTicketCount"
      - CASE WHEN u.id = old_user AND old_weight > 0 THEN 1 ELSE 0 END
      + CASE WHEN u.id = new_user AND new_weight > 0 THEN 1 ELSE 0 END,
    "openTicketWeight" = u."openTicketWeight"
      - CASE WHEN u.id = old_user THEN old_weight ELSE 0 END
      + CASE WHEN u.id = new_user THEN new_weight ELSE 0 END
  WHERE u.id IN (old_user, new_user);
  RETURN NULL;
END
$$;

CREATE TRIGGER tickets_agent_load
AFTER INSERT OR DELETE OR UPDATE OF "assigneeId", status, priority, "deletedAt" ON tickets
FOR EACH ROW EXECUTE FUNCTION docket_track_agent_load();

-- The load of the tickets already there.
UPDATE users u SET "openTicketCount" = l.open, "openTicketWeight" = l.weight
FROM (
  SELECT "assigneeId" AS id, count(*)::int AS open,
         sum(docket_ticket_weight(status, priority, "deletedAt"))::int AS weight
  FROM tickets
  WHERE "assigneeId" IS NOT NULL AND status NOT IN ('RESOLVED', 'CLOSED') AND "deletedAt" IS NULL
  GROUP BY "assigneeId"
) l
WHERE u.id = l.id;
