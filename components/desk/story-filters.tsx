import Link from "@/components/desk/link";
import type { DeskStoryParams } from "@/lib/services/desk-search";
import styles from "./tagging.module.css";
import desk from "./desk.module.css";

const FLAGS = [
  { value: "embargoed", label: "Embargoed" },
  { value: "scheduled", label: "Scheduled" },
  { value: "agency-update", label: "Agency update waiting" },
  { value: "agency-kill", label: "Agency kill" },
];

/** The story finder's filters: a plain GET form, so every filtered view is a URL. */
export function StoryFilters({ params, authors }: { params: DeskStoryParams; authors: { id: string; name: string }[] }) {
  const dateValue = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : "");
  return (
    <form method="get" action="/desk/stories" className={styles.filters} role="search" aria-label="Find stories">
      {params.status.map((s) => (
        <input key={s} type="hidden" name="status" value={s} />
      ))}
      <label className={styles.search}>
        Search
        <input
          type="search"
          name="q"
          defaultValue={params.q ?? ""}
          placeholder="Headline, text, byline, quoted in notes, or a story id"
          maxLength={200}
        />
      </label>
      <label>
        Author
        <select name="author" defaultValue={params.author ?? ""}>
          <option value="">Anyone</option>
          {authors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Tag or section
        <input name="tag" defaultValue={params.tag ?? ""} placeholder="tag slug" maxLength={200} size={14} />
      </label>
      <label>
        From
        <input type="date" name="from" defaultValue={dateValue(params.from)} />
      </label>
      <label>
        To
        <input type="date" name="to" defaultValue={dateValue(params.to)} />
      </label>
      <label>
        Origin
        <select name="origin" defaultValue={params.origin ?? ""}>
          <option value="">Any</option>
          <option value="wire">From the wire</option>
          <option value="own">Our own</option>
        </select>
      </label>
      <label>
        Flag
        <select name="flag" defaultValue={params.flag ?? ""}>
          <option value="">Any</option>
          {FLAGS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.check}>
        <input type="checkbox" name="notes" value="open" defaultChecked={params.notes === "open"} /> Open notes
      </label>
      <label>
        Sort
        <select name="sort" defaultValue={params.sort}>
          <option value="updated">Last changed</option>
          <option value="created">Created</option>
        </select>
      </label>
      <button type="submit" className={`${desk.button} ${desk.primary}`}>
        Find
      </button>
      <Link href="/desk/stories" className={desk.button}>
        Clear
      </Link>
    </form>
  );
}
