-- CreateEnum
CREATE TYPE "SuggestionStatus" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED');

-- AlterTable
ALTER TABLE "WireItemVersion" ADD COLUMN     "search" tsvector;

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

-- Written by hand (Prisma cannot express triggers): keep "search" filled from the version's
-- own text. Versions are immutable after insert, so BEFORE INSERT covers every write; the
-- UPDATE OF clause only matters for repairs by hand. The english configuration stems and
-- drops stop words; lib/db/wire.ts queries with websearch_to_tsquery on the same one.
CREATE FUNCTION wire_item_version_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."search" :=
    setweight(to_tsvector('english'::regconfig, coalesce(NEW."headline", NEW."proposedHeadline", '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(NEW."subheadline", '') || ' ' || coalesce(NEW."slugline", '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce(NEW."datelinePlace", '') || ' ' || coalesce(NEW."byline", '')), 'C') ||
    setweight(to_tsvector('english'::regconfig, left(NEW."bodyText", 200000)), 'D');
  RETURN NEW;
END
$$;

CREATE TRIGGER wire_item_version_search
  BEFORE INSERT OR UPDATE OF "headline", "proposedHeadline", "subheadline", "slugline", "datelinePlace", "byline", "bodyText"
  ON "WireItemVersion"
  FOR EACH ROW EXECUTE FUNCTION wire_item_version_search_update();

-- Rows that exist already (the trigger computes their vectors).
UPDATE "WireItemVersion" SET "bodyText" = "bodyText";
