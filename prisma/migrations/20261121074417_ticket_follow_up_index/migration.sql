-- CreateIndex
CREATE INDEX "tickets_followUpOfId_idx" ON "tickets"("followUpOfId");
