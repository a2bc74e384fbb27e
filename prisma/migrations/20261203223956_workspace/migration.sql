-- CreateEnum
CREATE TYPE "ResponseFormat" AS ENUM ('markdown', 'text');

-- CreateEnum
CREATE TYPE "Theme" AS ENUM ('system', 'light', 'dark');

-- CreateEnum
CREATE TYPE "SavedViewVisibility" AS ENUM ('personal', 'organization', 'group');

-- CreateEnum
CREATE TYPE "UserNotificationType" AS ENUM ('assigned', 'mentioned', 'customer_replied', 'sla_warning');

-- AlterTable
ALTER TABLE "saved_views" ADD COLUMN     "columns" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "groupId" UUID,
ADD COLUMN     "visibility" "SavedViewVisibility" NOT NULL DEFAULT 'personal';

-- AlterTable
ALTER TABLE "ticket_responses" ADD COLUMN     "format" "ResponseFormat" NOT NULL DEFAULT 'text';

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "customerActivityAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "signature" TEXT,
ADD COLUMN     "theme" "Theme" NOT NULL DEFAULT 'system';

-- CreateTable
CREATE TABLE "ticket_reads" (
    "userId" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "seenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_reads_pkey" PRIMARY KEY ("userId","ticketId")
);

-- CreateTable
CREATE TABLE "user_notifications" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "type" "UserNotificationType" NOT NULL,
    "ticketId" UUID,
    "actorName" TEXT,
    "excerpt" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMPTZ(3),

    CONSTRAINT "user_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ticket_reads_ticketId_idx" ON "ticket_reads"("ticketId");

-- CreateIndex
CREATE INDEX "user_notifications_userId_createdAt_idx" ON "user_notifications"("userId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "user_notifications_ticketId_idx" ON "user_notifications"("ticketId");

-- CreateIndex
CREATE INDEX "saved_views_organizationId_visibility_idx" ON "saved_views"("organizationId", "visibility");

-- AddForeignKey
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_reads" ADD CONSTRAINT "ticket_reads_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_reads" ADD CONSTRAINT "ticket_reads_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_reads" ADD CONSTRAINT "ticket_reads_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_notifications" ADD CONSTRAINT "user_notifications_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_notifications" ADD CONSTRAINT "user_notifications_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_notifications" ADD CONSTRAINT "user_notifications_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
