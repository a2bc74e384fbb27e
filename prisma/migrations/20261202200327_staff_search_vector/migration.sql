-- Staff search over everything staff may see at once. Before, a staff query was matched against
-- the public vector and the internal-notes vector separately and the results OR-ed, so an
-- exclusion ("premium -account") held over each part alone: a ticket whose subject says
-- "Premium account" still matched because its internal note says "premium". Staff now search
-- one vector, public || internal, kept by the same triggers; customers keep the public one.

-- The internal vector alone is no longer searched: its index goes.
DROP INDEX "tickets_internalSearchVector_idx";

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "staffSearchVector" tsvector;

-- Tickets: the public vector, and the staff vector from it and the stored internal one.
CREATE OR REPLACE FUNCTION docket_tickets_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := docket_ticket_search_vector(
    NEW.id, NEW.subject, NEW.description, NEW."requesterName", NEW."requesterEmail");
  NEW."staffSearchVector" := NEW."searchVector" || coalesce(NEW."internalSearchVector", ''::tsvector);
  RETURN NEW;
END
$$;

-- Responses: all three vectors of the ticket (the tickets trigger does not fire: no watched column).
CREATE OR REPLACE FUNCTION docket_responses_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_ticket_id uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."ticketId" ELSE NEW."ticketId" END;
BEGIN
  UPDATE "tickets" t SET ("searchVector", "internalSearchVector", "staffSearchVector") = (
    SELECT v.pub, v.int, v.pub || v.int FROM (
      SELECT docket_ticket_search_vector(t.id, t.subject, t.description, t."requesterName", t."requesterEmail") AS pub,
             docket_ticket_internal_search_vector(t.id) AS int
    ) v
  )
  WHERE t.id = v_ticket_id;
  RETURN NULL;
END
$$;

-- Backfill the tickets that exist already.
UPDATE "tickets" SET
  "staffSearchVector" = coalesce("searchVector", ''::tsvector) || coalesce("internalSearchVector", ''::tsvector);

-- CreateIndex
CREATE INDEX "tickets_staffSearchVector_idx" ON "tickets" USING GIN ("staffSearchVector");
