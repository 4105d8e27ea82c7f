import styles from "@/components/desk/desk.module.css";
import { NewStoryForm } from "@/components/desk/new-story-form";
import { StoryTable } from "@/components/desk/story-table";
import { requireUser } from "@/lib/auth/session";
import { listDeskStories } from "@/lib/db/stories";

export const dynamic = "force-dynamic";

export default async function StoriesPage() {
  await requireUser("/desk/stories");
  const stories = await listDeskStories({ limit: 200 });
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Stories</h1>
        <NewStoryForm />
      </div>
      <section className={styles.panel} aria-label="Stories">
        <StoryTable stories={stories} />
      </section>
    </>
  );
}
