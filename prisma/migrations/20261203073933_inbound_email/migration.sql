-- CreateEnum
CREATE TYPE "InboundEmailOutcome" AS ENUM ('ticket_created', 'response_added', 'suspended', 'discarded');

-- AlterTable
ALTER TABLE "email_notifications" ADD COLUMN     "replyTo" TEXT;

-- AlterTable
ALTER TABLE "ticket_responses" ADD COLUMN     "inboundEmailId" UUID;

-- CreateTable
CREATE TABLE "mailboxes" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "inboundSecretHash" TEXT NOT NULL,
    "imapHost" TEXT,
    "imapPort" INTEGER,
    "imapTls" BOOLEAN NOT NULL DEFAULT true,
    "imapUser" TEXT,
    "imapPasswordSealed" TEXT,
    "imapFolder" TEXT NOT NULL DEFAULT 'INBOX',
    "imapUidValidity" BIGINT,
    "imapLastUid" BIGINT,
    "imapLockedUntil" TIMESTAMPTZ(3),
    "imapLockedBy" TEXT,
    "lastPollAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "mailsProcessed" INTEGER NOT NULL DEFAULT 0,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mailboxes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_emails" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "mailboxId" UUID,
    "source" TEXT NOT NULL,
    "messageId" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "fromAddress" TEXT,
    "fromName" TEXT,
    "subject" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "outcome" "InboundEmailOutcome" NOT NULL,
    "cause" TEXT,
    "ticketId" UUID,
    "responseId" UUID,
    "skippedFiles" JSONB NOT NULL DEFAULT '[]',
    "raw" BYTEA,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inbound_emails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_ccs" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_ccs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "mailboxes_address_key" ON "mailboxes"("address");

-- CreateIndex
CREATE INDEX "mailboxes_organizationId_idx" ON "mailboxes"("organizationId");

-- CreateIndex
CREATE INDEX "inbound_emails_organizationId_receivedAt_id_idx" ON "inbound_emails"("organizationId", "receivedAt" DESC, "id");

-- CreateIndex
CREATE INDEX "inbound_emails_organizationId_messageId_idx" ON "inbound_emails"("organizationId", "messageId");

-- CreateIndex
CREATE INDEX "inbound_emails_ticketId_idx" ON "inbound_emails"("ticketId");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_emails_organizationId_dedupeKey_key" ON "inbound_emails"("organizationId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_ccs_ticketId_email_key" ON "ticket_ccs"("ticketId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_responses_inboundEmailId_key" ON "ticket_responses"("inboundEmailId");

-- AddForeignKey
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "mailboxes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "tickets"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_ccs" ADD CONSTRAINT "ticket_ccs_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_ccs" ADD CONSTRAINT "ticket_ccs_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
