-- AlterTable
ALTER TABLE "Tag" ADD COLUMN     "sectionOrder" INTEGER;
