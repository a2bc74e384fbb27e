-- AlterEnum
BEGIN;
CREATE TYPE "OutboxKind_new" AS ENUM ('EVENT', 'SUBSCRIBER', 'EMAIL');
ALTER TABLE "outbox_messages" ALTER COLUMN "kind" TYPE "OutboxKind_new" USING ("kind"::text::"OutboxKind_new");
ALTER TYPE "OutboxKind" RENAME TO "OutboxKind_old";
ALTER TYPE "OutboxKind_new" RENAME TO "OutboxKind";
DROP TYPE "public"."OutboxKind_old";
COMMIT;

-- DropIndex
DROP INDEX "outbox_messages_aggregateId_createdAt_idx";

-- DropIndex
DROP INDEX "outbox_messages_status_nextAttemptAt_idx";

-- DropIndex
DROP INDEX "webhook_deliveries_endpointId_createdAt_idx";

-- AlterTable
ALTER TABLE "outbox_messages" DROP COLUMN "lockedAt",
ADD COLUMN     "eventId" UUID,
ADD COLUMN     "lockedUntil" TIMESTAMPTZ(3),
ADD COLUMN     "sequence" BIGSERIAL NOT NULL,
ADD COLUMN     "subscriber" TEXT,
ALTER COLUMN "payload" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN     "aggregateId" UUID,
ADD COLUMN     "lastAttemptAt" TIMESTAMPTZ(3),
ADD COLUMN     "lockedUntil" TIMESTAMPTZ(3),
ADD COLUMN     "maxAttempts" INTEGER NOT NULL DEFAULT 15,
ADD COLUMN     "sequence" BIGINT NOT NULL,
ALTER COLUMN "payload" SET DATA TYPE JSON,
ALTER COLUMN "nextAttemptAt" SET NOT NULL,
ALTER COLUMN "nextAttemptAt" SET DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "webhook_delivery_attempts" (
    "id" UUID NOT NULL,
    "deliveryId" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "statusCode" INTEGER,
    "latencyMs" INTEGER,
    "error" TEXT,
    "responseExcerpt" TEXT,

    CONSTRAINT "webhook_delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_delivery_attempts_deliveryId_attempt_idx" ON "webhook_delivery_attempts"("deliveryId", "attempt");

-- CreateIndex
CREATE INDEX "outbox_messages_kind_status_sequence_idx" ON "outbox_messages"("kind", "status", "sequence");

-- CreateIndex
CREATE INDEX "outbox_messages_aggregateId_sequence_idx" ON "outbox_messages"("aggregateId", "sequence");

-- CreateIndex
CREATE INDEX "outbox_messages_sentAt_idx" ON "outbox_messages"("sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_eventId_subscriber_key" ON "outbox_messages"("eventId", "subscriber");

-- CreateIndex
CREATE INDEX "webhook_deliveries_endpointId_aggregateId_sequence_idx" ON "webhook_deliveries"("endpointId", "aggregateId", "sequence");

-- CreateIndex
CREATE INDEX "webhook_deliveries_endpointId_sequence_idx" ON "webhook_deliveries"("endpointId", "sequence" DESC);

-- AddForeignKey
ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "webhook_delivery_attempts_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
