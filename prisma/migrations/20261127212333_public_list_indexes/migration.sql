-- CreateIndex
CREATE INDEX "Story_status_firstPublishedAt_id_idx" ON "Story"("status", "firstPublishedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Story_authorId_firstPublishedAt_idx" ON "Story"("authorId", "firstPublishedAt" DESC);

-- CreateIndex
CREATE INDEX "Story_featured_idx" ON "Story"("featured");
