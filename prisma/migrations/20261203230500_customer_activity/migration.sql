-- The requester's last activity on a ticket (tickets."customerActivityAt", docs/product.md
-- "Unread markers"): the staff list marks a ticket unread for its assignee when the customer did
-- something after the assignee last opened it (ticket_reads."seenAt"). Kept by triggers so that
-- every path that writes a customer's ticket or reply (portal, tracker, email, chat, API on a
-- customer's behalf) keeps it, with no change to those paths.

-- A ticket the requester made: the portal, an email, a chat turned into a ticket. Tickets staff
-- or integrators file (channels web and api) are not customer activity.
CREATE FUNCTION docket_ticket_customer_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.channel IN ('portal', 'email', 'chat') AND NEW."customerActivityAt" IS NULL THEN
    NEW."customerActivityAt" := NEW."createdAt";
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER tickets_customer_activity
  BEFORE INSERT ON "tickets"
  FOR EACH ROW EXECUTE FUNCTION docket_ticket_customer_activity();

-- A public reply from the customer's side: the portal or tracker (CUSTOMER) or an email (EMAIL).
-- The time only moves forward (a reply imported with an older date does not move it back).
CREATE FUNCTION docket_response_customer_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "tickets" t
     SET "customerActivityAt" = NEW."createdAt"
   WHERE t.id = NEW."ticketId"
     AND (t."customerActivityAt" IS NULL OR t."customerActivityAt" < NEW."createdAt");
  RETURN NULL;
END
$$;

CREATE TRIGGER ticket_responses_customer_activity
  AFTER INSERT ON "ticket_responses"
  FOR EACH ROW
  WHEN (NEW."authorType" IN ('CUSTOMER', 'EMAIL') AND NOT NEW."isInternal")
  EXECUTE FUNCTION docket_response_customer_activity();
