-- CreateEnum
CREATE TYPE "SuggestionStatus" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED');

-- AlterTable
ALTER TABLE "WireItemVersion" ADD COLUMN     "search" tsvector
  -- Written by hand: Prisma cannot express a generated column. Postgres computes it on
  -- insert (versions are immutable afterwards) and for existing rows, so the importer never
  -- writes it. Headline weighs most, body least. The english configuration stems and drops
  -- stop words, and lib/db/wire.ts queries with websearch_to_tsquery on the same one.
  -- (No semicolons inside: the offline migration runner splits scripts on them.)
  GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce("headline", "proposedHeadline", '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce("subheadline", '') || ' ' || coalesce("slugline", '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce("datelinePlace", '') || ' ' || coalesce("byline", '')), 'C') ||
    setweight(to_tsvector('english'::regconfig, left("bodyText", 200000)), 'D')
  ) STORED;

-- CreateTable
CREATE TABLE "TagSuggestion" (
    "id" TEXT NOT NULL,
    "storyId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "TagKind" NOT NULL,
    "name" TEXT NOT NULL,
    "scheme" TEXT,
    "code" TEXT,
    "score" DOUBLE PRECISION NOT NULL,
    "origin" TEXT NOT NULL,
    "status" "SuggestionStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TagSuggestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TagSuggestion_storyId_status_idx" ON "TagSuggestion"("storyId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "TagSuggestion_storyId_key_key" ON "TagSuggestion"("storyId", "key");

-- CreateIndex
CREATE INDEX "WireItemVersion_search_idx" ON "WireItemVersion" USING GIN ("search");

-- AddForeignKey
ALTER TABLE "TagSuggestion" ADD CONSTRAINT "TagSuggestion_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;
