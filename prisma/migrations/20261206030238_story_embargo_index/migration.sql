-- CreateIndex
CREATE INDEX "Story_embargoUntil_idx" ON "Story"("embargoUntil");
