-- Storage quotas: the bytes of an organization's and of a user's live attachments are summed
-- at each upload; these indexes hold every column the sums read (index-only scans).

-- CreateIndex
CREATE INDEX "attachments_organizationId_deletedAt_sizeBytes_idx" ON "attachments"("organizationId", "deletedAt", "sizeBytes");

-- CreateIndex
CREATE INDEX "attachments_uploadedById_deletedAt_sizeBytes_idx" ON "attachments"("uploadedById", "deletedAt", "sizeBytes");
