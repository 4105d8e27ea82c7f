-- Written by hand (no schema change): the public search index leaves out a published story
-- whose embargo has not ended, like every other public read (lib/db/public.ts). The write
-- pipeline never lets such a story exist; this is defence in depth, so a row written any
-- other way cannot be found by its embargoed words. (Nothing re-adds it when the embargo
-- passes: the next write to the story does, which is why the pipeline is the real rule.)
CREATE OR REPLACE FUNCTION wiredesk_story_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'PUBLISHED' AND NEW."firstPublishedAt" IS NOT NULL
     AND (NEW."embargoUntil" IS NULL OR NEW."embargoUntil" <= now()) THEN
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

DROP TRIGGER "Story_search_update" ON "Story";
CREATE TRIGGER "Story_search_update" AFTER UPDATE OF status, "firstPublishedAt", "embargoUntil", headline, standfirst, "bodyText" ON "Story"
  FOR EACH ROW WHEN (NEW.status = 'PUBLISHED' OR OLD.status = 'PUBLISHED')
  EXECUTE FUNCTION wiredesk_story_search_sync();

DELETE FROM "StorySearch" ss USING "Story" s
WHERE ss."storyId" = s.id AND s."embargoUntil" > now();
