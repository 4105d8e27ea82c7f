-- CreateIndex
CREATE INDEX "WireItem_guid_idx" ON "WireItem"("guid");
