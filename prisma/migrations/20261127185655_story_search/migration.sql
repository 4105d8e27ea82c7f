-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "searchVector" tsvector
  -- Written by hand: Prisma cannot express a generated column. Postgres keeps it in step
  -- with the text on every insert and update, so no trigger and no application code.
  GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce("headline", '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce("standfirst", '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce("bodyText", '')), 'C')
  ) STORED;

-- CreateIndex
CREATE INDEX "Story_searchVector_idx" ON "Story" USING GIN ("searchVector");
