-- CreateEnum
CREATE TYPE "SessionOutcome" AS ENUM ('held', 'no_show', 'cancelled');

-- AlterEnum
ALTER TYPE "ActivityType" ADD VALUE 'SESSION_NOTES_RECORDED';

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "sessionRecurrence" TEXT;

-- CreateTable
CREATE TABLE "session_occurrences" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "originalStart" TIMESTAMPTZ(3) NOT NULL,
    "scheduledAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMinutes" INTEGER,
    "cancelledAt" TIMESTAMPTZ(3),
    "outcome" "SessionOutcome",
    "notes" TEXT,
    "notesAuthorId" UUID,
    "notesRecordedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_occurrences_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "session_occurrences_ticketId_scheduledAt_idx" ON "session_occurrences"("ticketId", "scheduledAt");

-- CreateIndex
CREATE INDEX "session_occurrences_organizationId_outcome_idx" ON "session_occurrences"("organizationId", "outcome");

-- CreateIndex
CREATE UNIQUE INDEX "session_occurrences_ticketId_originalStart_key" ON "session_occurrences"("ticketId", "originalStart");

-- CreateIndex
CREATE INDEX "outbox_messages_organizationId_kind_writeTx_sequence_idx" ON "outbox_messages"("organizationId", "kind", "writeTx", "sequence");

-- AddForeignKey
ALTER TABLE "session_occurrences" ADD CONSTRAINT "session_occurrences_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_occurrences" ADD CONSTRAINT "session_occurrences_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data: every ticket's existing (one-off) session gets its occurrence.
INSERT INTO "session_occurrences" ("id", "organizationId", "ticketId", "originalStart", "scheduledAt", "durationMinutes")
SELECT gen_random_uuid(), "organizationId", "id", "sessionScheduledAt", "sessionScheduledAt", "sessionDurationMinutes"
FROM "tickets" WHERE "sessionScheduledAt" IS NOT NULL;
