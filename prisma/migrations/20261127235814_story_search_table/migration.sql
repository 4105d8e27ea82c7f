-- The public search index moves out of the wide Story rows into a narrow table of its own,
-- holding only published stories, kept by a trigger (written by hand below the generated
-- part: Prisma cannot express triggers or storage parameters).
--
-- Why: a rare-word search visits every match through the GIN index. On Story each match was
-- a wide heap row (about one 8 kB page each at 100,000 stories, more than shared_buffers);
-- here a row is ~80 bytes (the vector itself is stored out of line), so the same visit reads
-- a few hundred small, cached pages. Drafts no longer pay for a search vector on every save:
-- it is built only when a story is (or stays) published.

-- CreateTable
CREATE TABLE "StorySearch" (
    "storyId" TEXT NOT NULL,
    "firstPublishedAt" TIMESTAMP(3) NOT NULL,
    "searchVector" tsvector NOT NULL,

    CONSTRAINT "StorySearch_pkey" PRIMARY KEY ("storyId")
);

-- Written by hand: move any row longer than 128 bytes' vector out of line (compressed), so
-- the heap stays narrow.
ALTER TABLE "StorySearch" SET (toast_tuple_target = 128);

-- CreateIndex
CREATE INDEX "StorySearch_firstPublishedAt_storyId_idx" ON "StorySearch"("firstPublishedAt" DESC, "storyId" DESC);

-- CreateIndex
CREATE INDEX "StorySearch_searchVector_idx" ON "StorySearch" USING GIN ("searchVector");

-- AddForeignKey
ALTER TABLE "StorySearch" ADD CONSTRAINT "StorySearch_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand from here on.

-- The search document: headline A, standfirst B, body C (as the old generated column was).
CREATE FUNCTION wiredesk_story_search_vector(headline TEXT, standfirst TEXT, body_text TEXT)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A') ||
         setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '')), 'B') ||
         setweight(to_tsvector('english'::regconfig, coalesce(body_text, '')), 'C')
$$;

-- A story is in the index exactly while it is PUBLISHED (with a first-publication time);
-- every other status (draft, scheduled, unpublished, killed…) takes it out, in the same
-- transaction as the change.
CREATE FUNCTION wiredesk_story_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'PUBLISHED' AND NEW."firstPublishedAt" IS NOT NULL THEN
    INSERT INTO "StorySearch" ("storyId", "firstPublishedAt", "searchVector")
    VALUES (NEW.id, NEW."firstPublishedAt", wiredesk_story_search_vector(NEW.headline, NEW.standfirst, NEW."bodyText"))
    ON CONFLICT ("storyId") DO UPDATE
      SET "firstPublishedAt" = EXCLUDED."firstPublishedAt", "searchVector" = EXCLUDED."searchVector";
  ELSIF TG_OP = 'UPDATE' THEN
    DELETE FROM "StorySearch" WHERE "storyId" = NEW.id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Story_search_insert" AFTER INSERT ON "Story"
  FOR EACH ROW WHEN (NEW.status = 'PUBLISHED')
  EXECUTE FUNCTION wiredesk_story_search_sync();

-- Only changes that can alter the index: a draft's saves (and lock heartbeats) skip it.
CREATE TRIGGER "Story_search_update" AFTER UPDATE OF status, "firstPublishedAt", headline, standfirst, "bodyText" ON "Story"
  FOR EACH ROW WHEN (NEW.status = 'PUBLISHED' OR OLD.status = 'PUBLISHED')
  EXECUTE FUNCTION wiredesk_story_search_sync();

-- The stories published so far.
INSERT INTO "StorySearch" ("storyId", "firstPublishedAt", "searchVector")
SELECT id, "firstPublishedAt", wiredesk_story_search_vector(headline, standfirst, "bodyText")
FROM "Story"
WHERE status = 'PUBLISHED' AND "firstPublishedAt" IS NOT NULL;

-- The generated column and its index on Story are replaced by the table above.

-- DropIndex
DROP INDEX "Story_searchVector_idx";

-- AlterTable
ALTER TABLE "Story" DROP COLUMN "searchVector";
