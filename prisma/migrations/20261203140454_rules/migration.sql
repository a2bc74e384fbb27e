-- AlterEnum
ALTER TYPE "ActorType" ADD VALUE 'rule';

-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "chainDepth" INTEGER NOT NULL DEFAULT COALESCE((NULLIF(current_setting('docket.rule_depth'::text, true), ''::text))::integer, 0),
ADD COLUMN     "chainRootId" UUID DEFAULT (NULLIF(current_setting('docket.rule_chain'::text, true), ''::text))::uuid,
ADD COLUMN     "writeTx" BIGINT NOT NULL DEFAULT ((pg_current_xact_id())::text)::bigint;

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "statusChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "rules" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "event" TEXT NOT NULL,
    "conditions" JSONB NOT NULL,
    "actions" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_runs" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "ruleId" UUID,
    "ruleName" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "eventId" UUID,
    "chainRootId" UUID,
    "depth" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sequence" BIGSERIAL NOT NULL,

    CONSTRAINT "rule_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_markers" (
    "ruleId" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "statusChangedAt" TIMESTAMPTZ(3) NOT NULL,
    "firedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_markers_pkey" PRIMARY KEY ("ruleId","ticketId")
);

-- CreateIndex
CREATE INDEX "rules_organizationId_active_event_position_idx" ON "rules"("organizationId", "active", "event", "position");

-- CreateIndex
CREATE INDEX "rule_runs_ticketId_sequence_idx" ON "rule_runs"("ticketId", "sequence");

-- CreateIndex
CREATE INDEX "rule_runs_chainRootId_idx" ON "rule_runs"("chainRootId");

-- CreateIndex
CREATE INDEX "rule_markers_ticketId_idx" ON "rule_markers"("ticketId");

-- CreateIndex
CREATE INDEX "tickets_organizationId_status_statusChangedAt_idx" ON "tickets"("organizationId", "status", "statusChangedAt");

-- AddForeignKey
ALTER TABLE "rules" ADD CONSTRAINT "rules_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_runs" ADD CONSTRAINT "rule_runs_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_runs" ADD CONSTRAINT "rule_runs_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_markers" ADD CONSTRAINT "rule_markers_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_markers" ADD CONSTRAINT "rule_markers_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Time in status (modules/rules): the tickets that exist changed status last at their latest
-- lifecycle date; from now on a trigger keeps the column, whatever statement changes the status,
-- at the change's own time (updatedAt, which every write sets).
UPDATE "tickets" SET "statusChangedAt" = COALESCE("closedAt", "resolvedAt", "updatedAt");

CREATE FUNCTION tickets_status_changed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."statusChangedAt" := NEW."updatedAt";
  RETURN NEW;
END $$;

CREATE TRIGGER tickets_status_changed_at
  BEFORE UPDATE OF status ON "tickets"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION tickets_status_changed_at();
