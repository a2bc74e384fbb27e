-- A public reply from the customer's side (portal, tracker: CUSTOMER; a mail: EMAIL) moves its
-- ticket's "customerActivityAt" in the statement that inserts it
-- (server/src/modules/tickets/ticket-replies.repository.ts customerActivitySql), in the same
-- UPDATE of the ticket that moves its version and adds the reply's words to its search vectors.
-- The trigger made a row version of the ticket of its own, entering every index of `tickets`
-- again. The rule is the same: the time only moves forward.

DROP TRIGGER ticket_responses_customer_activity ON "ticket_responses";
DROP FUNCTION docket_response_customer_activity();
