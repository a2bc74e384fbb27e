-- CreateEnum
CREATE TYPE "GroupRouting" AS ENUM ('manual', 'round_robin', 'load_balanced', 'skills');

-- CreateEnum
CREATE TYPE "Availability" AS ENUM ('available', 'away');

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "groupIds" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
ALTER COLUMN "role" DROP NOT NULL;

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "groupId" UUID;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "availability" "Availability" NOT NULL DEFAULT 'available',
ADD COLUMN     "groupRestricted" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "groups" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "routing" "GroupRouting" NOT NULL DEFAULT 'manual',
    "weightByPriority" BOOLEAN NOT NULL DEFAULT false,
    "returnOnAway" BOOLEAN NOT NULL DEFAULT false,
    "skillRules" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_members" (
    "groupId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "capacity" INTEGER,
    "skills" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "lastRoutedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_members_pkey" PRIMARY KEY ("groupId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "groups_organizationId_name_key" ON "groups"("organizationId", "name");

-- CreateIndex
CREATE INDEX "group_members_userId_idx" ON "group_members"("userId");

-- CreateIndex
CREATE INDEX "tickets_organizationId_groupId_updatedAt_idx" ON "tickets"("organizationId", "groupId", "updatedAt" DESC);

-- CreateIndex
CREATE INDEX "tickets_groupId_assigneeId_createdAt_idx" ON "tickets"("groupId", "assigneeId", "createdAt");

-- AddForeignKey
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "groups"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "groups" ADD CONSTRAINT "groups_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A key made before scopes keeps doing what its role did (docs/product.md "API keys and scopes"):
-- AGENT → tickets:read tickets:write chats:write; ADMIN → all six.
UPDATE "api_keys" SET "scopes" = CASE "role"
    WHEN 'ADMIN' THEN ARRAY['tickets:read', 'tickets:write', 'chats:write', 'inbound:write', 'events:read', 'admin']
    ELSE ARRAY['tickets:read', 'tickets:write', 'chats:write'] END
  WHERE "role" IS NOT NULL;
