-- The organization activity log becomes a hash chain (docs/product.md "Audit trail"): each entry
-- carries a per-organization position (1, 2, 3, …), the hash of the previous entry and its own
-- hash, SHA-256 of a canonical serialisation of its content and the previous hash. A BEFORE INSERT
-- trigger assigns the three under a per-organization advisory lock held until the inserting
-- transaction ends, so concurrent appends never fork the chain, and no code path can skip it.

-- AlterTable
ALTER TABLE "organization_activity" ADD COLUMN     "after" JSONB,
ADD COLUMN     "before" JSONB,
ADD COLUMN     "hash" CHAR(64) NOT NULL DEFAULT '',
ADD COLUMN     "ip" VARCHAR(64),
ADD COLUMN     "position" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "previousHash" CHAR(64),
ADD COLUMN     "userAgent" VARCHAR(500);

-- The hash of one entry: lower-case hex SHA-256 of the UTF-8 text of the JSON array
-- [organizationId, position, type, actorId, ip, userAgent, data, before, after,
--  createdAt as ISO 8601 UTC with milliseconds, previousHash]
-- as jsonb prints it (jsonb text is canonical: keys sorted and unique, fixed spacing).
-- GET /api/organization/activity/verify recomputes it with this same function.
CREATE FUNCTION organization_activity_hash(
    organization_id UUID, entry_position BIGINT, entry_type TEXT, actor_id UUID, ip TEXT,
    user_agent TEXT, data JSONB, before JSONB, after JSONB, created_at TIMESTAMPTZ,
    previous_hash TEXT
) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(jsonb_build_array(
        organization_id, entry_position, entry_type, actor_id, ip, user_agent, data, before, after,
        to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), previous_hash
    )::text, 'UTF8')), 'hex')
$$;

-- Backfill: the existing entries get positions in (createdAt, id) order and their chain.
UPDATE "organization_activity" a SET "position" = r.n
FROM (
    SELECT "id", row_number() OVER (PARTITION BY "organizationId" ORDER BY "createdAt", "id") AS n
    FROM "organization_activity"
) r
WHERE a."id" = r."id";

DO $$
DECLARE
    r RECORD;
    previous TEXT;
    previous_organization UUID;
BEGIN
    FOR r IN SELECT * FROM "organization_activity" ORDER BY "organizationId", "position" LOOP
        IF previous_organization IS DISTINCT FROM r."organizationId" THEN
            previous := NULL;
            previous_organization := r."organizationId";
        END IF;
        UPDATE "organization_activity"
        SET "previousHash" = previous,
            "hash" = organization_activity_hash(r."organizationId", r."position", r."type",
                r."actorId", r."ip", r."userAgent", r."data", r."before", r."after",
                r."createdAt", previous)
        WHERE "id" = r."id"
        RETURNING "hash" INTO previous;
    END LOOP;
END $$;

-- Appending: lock the organization's chain (until the transaction ends), read its last entry
-- (a fresh snapshot after the lock, under READ COMMITTED), and link the new entry to it.
CREATE FUNCTION organization_activity_chain() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    last_position BIGINT;
    last_hash TEXT;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('organization-activity:' || NEW."organizationId"::text, 0));
    SELECT "position", "hash" INTO last_position, last_hash
    FROM "organization_activity"
    WHERE "organizationId" = NEW."organizationId"
    ORDER BY "position" DESC
    LIMIT 1;
    NEW."position" := COALESCE(last_position, 0) + 1;
    NEW."previousHash" := last_hash;
    NEW."hash" := organization_activity_hash(NEW."organizationId", NEW."position", NEW."type",
        NEW."actorId", NEW."ip", NEW."userAgent", NEW."data", NEW."before", NEW."after",
        NEW."createdAt", last_hash);
    RETURN NEW;
END
$$;

CREATE TRIGGER organization_activity_chain
    BEFORE INSERT ON "organization_activity"
    FOR EACH ROW EXECUTE FUNCTION organization_activity_chain();

-- CreateIndex
CREATE INDEX "organization_activity_organizationId_type_createdAt_idx" ON "organization_activity"("organizationId", "type", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "organization_activity_organizationId_position_key" ON "organization_activity"("organizationId", "position");
