-- Full-text search over tickets (issue "integrator REST API": `q` over subject, description,
-- responses and requester name/email, accents folded, a stored tsvector with a GIN index, plus
-- trigram matching for emails).
--
-- Two vectors per ticket, so that a customer's search can never reveal an internal note's words:
--   "searchVector"          subject (A), description (B), requester name and email (C), public replies (D)
--   "internalSearchVector"  internal notes (searched for agents and admins only)
-- Both are kept up to date by the triggers below; Prisma models the columns and indexes only
-- (functions and triggers are invisible to the schema diff, so they live here alone).

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- English stemming with accents folded ("résumé" finds "resume").
CREATE TEXT SEARCH CONFIGURATION docket_search (COPY = english);
ALTER TEXT SEARCH CONFIGURATION docket_search
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "internalSearchVector" tsvector,
ADD COLUMN     "searchVector" tsvector;

-- The public vector of a ticket from its fields and its public replies.
CREATE FUNCTION docket_ticket_search_vector(
  p_ticket_id uuid, p_subject text, p_description text, p_requester_name text, p_requester_email text
) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT
    setweight(to_tsvector('docket_search', coalesce(p_subject, '')), 'A') ||
    setweight(to_tsvector('docket_search', coalesce(p_description, '')), 'B') ||
    setweight(to_tsvector('docket_search',
      coalesce(p_requester_name, '') || ' ' || coalesce(p_requester_email, '') || ' ' ||
      replace(split_part(coalesce(p_requester_email, ''), '@', 1), '.', ' ')), 'C') ||
    setweight(to_tsvector('docket_search', coalesce(
      (SELECT string_agg(r.content, ' ') FROM "ticket_responses" r
        WHERE r."ticketId" = p_ticket_id AND NOT r."isInternal"), '')), 'D')
$$;

-- The internal vector of a ticket: its internal notes.
CREATE FUNCTION docket_ticket_internal_search_vector(p_ticket_id uuid)
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT to_tsvector('docket_search', coalesce(
    (SELECT string_agg(r.content, ' ') FROM "ticket_responses" r
      WHERE r."ticketId" = p_ticket_id AND r."isInternal"), ''))
$$;

-- Tickets: recompute the public vector when a searched field changes.
CREATE FUNCTION docket_tickets_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := docket_ticket_search_vector(
    NEW.id, NEW.subject, NEW.description, NEW."requesterName", NEW."requesterEmail");
  RETURN NEW;
END
$$;

CREATE TRIGGER tickets_search_vector
  BEFORE INSERT OR UPDATE OF subject, description, "requesterName", "requesterEmail" ON "tickets"
  FOR EACH ROW EXECUTE FUNCTION docket_tickets_search_trigger();

-- Responses: recompute the ticket's vectors when a reply or note is added, changed or removed.
-- (The UPDATE below does not touch the columns the tickets trigger watches: no recursion.)
CREATE FUNCTION docket_responses_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_ticket_id uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."ticketId" ELSE NEW."ticketId" END;
BEGIN
  UPDATE "tickets" t SET
    "searchVector" = docket_ticket_search_vector(t.id, t.subject, t.description, t."requesterName", t."requesterEmail"),
    "internalSearchVector" = docket_ticket_internal_search_vector(t.id)
  WHERE t.id = v_ticket_id;
  RETURN NULL;
END
$$;

CREATE TRIGGER ticket_responses_search_vector
  AFTER INSERT OR UPDATE OF content, "isInternal" OR DELETE ON "ticket_responses"
  FOR EACH ROW EXECUTE FUNCTION docket_responses_search_trigger();

-- Backfill the tickets that exist already.
UPDATE "tickets" t SET
  "searchVector" = docket_ticket_search_vector(t.id, t.subject, t.description, t."requesterName", t."requesterEmail"),
  "internalSearchVector" = docket_ticket_internal_search_vector(t.id);

-- CreateIndex
CREATE INDEX "tickets_searchVector_idx" ON "tickets" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "tickets_internalSearchVector_idx" ON "tickets" USING GIN ("internalSearchVector");

-- CreateIndex
CREATE INDEX "tickets_requesterEmail_trgm_idx" ON "tickets" USING GIN ("requesterEmail" gin_trgm_ops);
