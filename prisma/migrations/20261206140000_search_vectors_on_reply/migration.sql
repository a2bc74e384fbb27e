-- A new reply's words reach its ticket's search vectors through the statement that inserts it
-- (server/src/modules/tickets/ticket-replies.repository.ts replySearchVectorsSql), in the same
-- UPDATE of the ticket that moves its version. The responses trigger recomputed the vectors in an
-- UPDATE of its own: a second row version of the ticket per reply, entering every index of
-- `tickets` again (its two GIN indexes among them). The trigger keeps the changes it alone sees:
-- a reply's content or visibility changed (an edit, an erasure, a merge making replies internal)
-- and a reply deleted.

DROP TRIGGER ticket_responses_search_vector ON "ticket_responses";

CREATE TRIGGER ticket_responses_search_vector
  AFTER UPDATE OF content, "isInternal" OR DELETE ON "ticket_responses"
  FOR EACH ROW EXECUTE FUNCTION docket_responses_search_trigger();
