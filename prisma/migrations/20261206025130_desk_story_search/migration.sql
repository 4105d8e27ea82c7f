-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "deskSearch" tsvector;

-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "quoteSearch" tsvector;

-- CreateIndex
CREATE INDEX "Story_updatedAt_id_idx" ON "Story"("updatedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Story_deskSearch_idx" ON "Story" USING GIN ("deskSearch");

-- CreateIndex
CREATE INDEX "Annotation_quoteSearch_idx" ON "Annotation" USING GIN ("quoteSearch");

-- Written by hand from here on: Prisma cannot express triggers.

-- The desk's search document: headline A, standfirst B, byline C, body D. Drafts included
-- (unlike StorySearch, the public index). Built by a trigger that fires only when one of
-- those columns changes, so lock heartbeats and status changes never recompute it.
CREATE FUNCTION wiredesk_desk_search_vector(headline TEXT, standfirst TEXT, byline TEXT, body_text TEXT)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A') ||
         setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '')), 'B') ||
         setweight(to_tsvector('english'::regconfig, coalesce(byline, '')), 'C') ||
         setweight(to_tsvector('english'::regconfig, coalesce(body_text, '')), 'D')
$$;

CREATE FUNCTION wiredesk_desk_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."deskSearch" := wiredesk_desk_search_vector(NEW.headline, NEW.standfirst, NEW.byline, NEW."bodyText");
  RETURN NEW;
END
$$;

CREATE TRIGGER story_desk_search_insert BEFORE INSERT ON "Story"
  FOR EACH ROW EXECUTE FUNCTION wiredesk_desk_search_sync();
CREATE TRIGGER story_desk_search_update BEFORE UPDATE OF headline, standfirst, byline, "bodyText" ON "Story"
  FOR EACH ROW EXECUTE FUNCTION wiredesk_desk_search_sync();

CREATE FUNCTION wiredesk_annotation_quote_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."quoteSearch" := to_tsvector('english'::regconfig, coalesce(NEW.quote, ''));
  RETURN NEW;
END
$$;

CREATE TRIGGER annotation_quote_search_insert BEFORE INSERT ON "Annotation"
  FOR EACH ROW EXECUTE FUNCTION wiredesk_annotation_quote_sync();
CREATE TRIGGER annotation_quote_search_update BEFORE UPDATE OF quote ON "Annotation"
  FOR EACH ROW EXECUTE FUNCTION wiredesk_annotation_quote_sync();

-- Stories and notes that exist already.
UPDATE "Story" SET "deskSearch" = wiredesk_desk_search_vector(headline, standfirst, byline, "bodyText");
UPDATE "Annotation" SET "quoteSearch" = to_tsvector('english'::regconfig, coalesce(quote, ''));
