-- CreateEnum
CREATE TYPE "SlaMetric" AS ENUM ('first_response', 'next_response', 'resolution');

-- CreateEnum
CREATE TYPE "SlaTargetState" AS ENUM ('active', 'paused', 'fulfilled', 'breached');

-- DropIndex
DROP INDEX "sla_policies_organizationId_priority_key";

-- AlterTable: the per-priority policies become ordered policies with a priority condition
-- (named after the priority, most urgent first), before the priority column goes.
ALTER TABLE "sla_policies" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "businessHoursId" UUID,
ADD COLUMN     "conditions" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "escalation" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "holdNotificationsUntilOpen" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "name" TEXT,
ADD COLUMN     "nextResponseMinutes" INTEGER,
ADD COLUMN     "pauseStatuses" "TicketStatus"[] DEFAULT ARRAY['WAITING_ON_CUSTOMER', 'ON_HOLD']::"TicketStatus"[],
ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "warnAtPercent" INTEGER NOT NULL DEFAULT 80,
ALTER COLUMN "firstResponseMinutes" DROP NOT NULL,
ALTER COLUMN "resolutionMinutes" DROP NOT NULL;

UPDATE "sla_policies" SET
  "name" = initcap("priority"::text) || ' priority',
  "position" = 10 * (5 - array_position(enum_range(NULL::"TicketPriority"), "priority")),
  "conditions" = jsonb_build_object('priorities', jsonb_build_array("priority"::text));

ALTER TABLE "sla_policies" ALTER COLUMN "name" SET NOT NULL, DROP COLUMN "priority";

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "slaDueAt" TIMESTAMPTZ(3),
ADD COLUMN     "slaMetric" "SlaMetric",
ADD COLUMN     "slaPolicyId" UUID,
ADD COLUMN     "slaWarnAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "business_hours" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "intervals" JSONB NOT NULL DEFAULT '[]',
    "holidays" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "business_hours_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_sla_targets" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "metric" "SlaMetric" NOT NULL,
    "cycle" INTEGER NOT NULL DEFAULT 1,
    "policyId" UUID,
    "state" "SlaTargetState" NOT NULL,
    "targetSeconds" INTEGER NOT NULL,
    "usedSeconds" INTEGER NOT NULL DEFAULT 0,
    "runningSince" TIMESTAMPTZ(3),
    "dueAt" TIMESTAMPTZ(3),
    "warnAt" TIMESTAMPTZ(3),
    "armedAt" TIMESTAMPTZ(3) NOT NULL,
    "warnedAt" TIMESTAMPTZ(3),
    "breachedAt" TIMESTAMPTZ(3),
    "fulfilledAt" TIMESTAMPTZ(3),
    "history" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_sla_targets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "business_hours_organizationId_name_key" ON "business_hours"("organizationId", "name");

-- CreateIndex
CREATE INDEX "ticket_sla_targets_state_dueAt_idx" ON "ticket_sla_targets"("state", "dueAt");

-- CreateIndex
CREATE INDEX "ticket_sla_targets_state_warnedAt_warnAt_idx" ON "ticket_sla_targets"("state", "warnedAt", "warnAt");

-- CreateIndex
CREATE INDEX "ticket_sla_targets_organizationId_fulfilledAt_idx" ON "ticket_sla_targets"("organizationId", "fulfilledAt");

-- CreateIndex
CREATE INDEX "ticket_sla_targets_policyId_idx" ON "ticket_sla_targets"("policyId");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_sla_targets_ticketId_metric_cycle_key" ON "ticket_sla_targets"("ticketId", "metric", "cycle");

-- CreateIndex
CREATE INDEX "sla_policies_organizationId_position_idx" ON "sla_policies"("organizationId", "position");

-- CreateIndex
CREATE INDEX "tickets_organizationId_slaDueAt_id_idx" ON "tickets"("organizationId", "slaDueAt", "id");

-- AddForeignKey
ALTER TABLE "business_hours" ADD CONSTRAINT "business_hours_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_businessHoursId_fkey" FOREIGN KEY ("businessHoursId") REFERENCES "business_hours"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_sla_targets" ADD CONSTRAINT "ticket_sla_targets_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_sla_targets" ADD CONSTRAINT "ticket_sla_targets_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "sla_policies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_slaPolicyId_fkey" FOREIGN KEY ("slaPolicyId") REFERENCES "sla_policies"("id") ON DELETE SET NULL ON UPDATE CASCADE;
