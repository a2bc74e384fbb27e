-- CreateEnum
CREATE TYPE "TicketLinkType" AS ENUM ('related', 'parent');

-- CreateEnum
CREATE TYPE "SatisfactionScale" AS ENUM ('good_bad', 'five_point');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ActivityType" ADD VALUE 'MERGED';
ALTER TYPE "ActivityType" ADD VALUE 'LINKED';
ALTER TYPE "ActivityType" ADD VALUE 'UNLINKED';
ALTER TYPE "ActivityType" ADD VALUE 'RESOLUTION_NOTE_CHANGED';
ALTER TYPE "ActivityType" ADD VALUE 'SATISFACTION_RATED';

-- AlterEnum
ALTER TYPE "CustomFieldType" ADD VALUE 'multi_select';

-- AlterTable
ALTER TABLE "custom_field_definitions" ADD COLUMN     "customerEditable" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "customerVisible" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
-- The label becomes {en, fr}: an existing label is kept as both.
ALTER COLUMN "label" TYPE JSONB USING jsonb_build_object('en', "label", 'fr', "label");

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "mergedIntoId" UUID,
ADD COLUMN     "resolutionNote" TEXT,
ADD COLUMN     "staffActivityAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ticket_links" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "type" "TicketLinkType" NOT NULL,
    "sourceId" UUID NOT NULL,
    "targetId" UUID NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "satisfaction_ratings" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "resolvedAt" TIMESTAMPTZ(3) NOT NULL,
    "scale" "SatisfactionScale" NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "reason" TEXT,
    "agentId" UUID,
    "groupId" UUID,
    "categoryId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "satisfaction_ratings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ticket_links_targetId_idx" ON "ticket_links"("targetId");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_links_sourceId_targetId_key" ON "ticket_links"("sourceId", "targetId");

-- CreateIndex
CREATE INDEX "satisfaction_ratings_organizationId_createdAt_idx" ON "satisfaction_ratings"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "satisfaction_ratings_ticketId_resolvedAt_key" ON "satisfaction_ratings"("ticketId", "resolvedAt");

-- CreateIndex
CREATE INDEX "tickets_mergedIntoId_idx" ON "tickets"("mergedIntoId");

-- AddForeignKey
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "tickets"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "satisfaction_ratings" ADD CONSTRAINT "satisfaction_ratings_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "satisfaction_ratings" ADD CONSTRAINT "satisfaction_ratings_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
