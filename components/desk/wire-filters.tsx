import Link from "@/components/desk/link";
import type { WireQueueParams } from "@/lib/services/desk-queue";
import styles from "./tagging.module.css";
import desk from "./desk.module.css";

const URGENCY = [
  { value: "1", label: "1 · flash" },
  { value: "2", label: "≤ 2 · urgent" },
  { value: "3", label: "≤ 3" },
  { value: "4", label: "≤ 4" },
  { value: "5", label: "≤ 5" },
];
const WINDOWS = [
  { value: "1h", label: "Last hour" },
  { value: "6h", label: "Last 6 hours" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
];

/** The queue's filters: a plain GET form, so every filtered view is a URL (bookmark, back button, no JS needed). */
export function WireFilters({
  params,
  sources,
  searchIgnored,
}: {
  params: WireQueueParams;
  sources: { code: string; name: string }[];
  searchIgnored: boolean;
}) {
  return (
    <form method="get" action="/desk/wire" className={styles.filters} role="search" aria-label="Filter the wire queue">
      <label className={styles.search}>
        Search
        <input type="search" name="q" defaultValue={params.q ?? ""} placeholder='Words, "a phrase", -exclude' maxLength={1000} />
      </label>
      <label>
        Agency
        <select name="agency" defaultValue={params.agency ?? ""}>
          <option value="">All</option>
          {sources.map((s) => (
            <option key={s.code} value={s.code}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Urgency
        <select name="urgency" defaultValue={params.urgency?.toString() ?? ""}>
          <option value="">Any</option>
          {URGENCY.map((u) => (
            <option key={u.value} value={u.value}>
              {u.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Signal
        <select name="signal" defaultValue={params.signal ?? ""}>
          <option value="">Any</option>
          <option value="new">New</option>
          <option value="update">Update</option>
          <option value="correction">Correction</option>
          <option value="kill">Kill</option>
        </select>
      </label>
      <label>
        Subject
        <input name="subject" defaultValue={params.subject ?? ""} placeholder="code or name" maxLength={100} size={14} />
      </label>
      <label>
        Time
        <select name="window" defaultValue={params.window ?? ""}>
          <option value="">Any time</option>
          {WINDOWS.map((w) => (
            <option key={w.value} value={w.value}>
              {w.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={`${desk.button} ${desk.primary}`}>
        Filter
      </button>
      <Link href="/desk/wire" className={desk.button}>
        Clear
      </Link>
      {searchIgnored ? (
        <p className={styles.filterNote}>The search held only common words (like “the”), so it was ignored.</p>
      ) : null}
    </form>
  );
}
