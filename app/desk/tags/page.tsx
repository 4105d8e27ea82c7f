import Link from "@/components/desk/link";
import styles from "@/components/desk/desk.module.css";
import tagging from "@/components/desk/tagging.module.css";
import { requirePermission } from "@/lib/auth/session";
import { listTagsForAdministration, TAG_KINDS } from "@/lib/services/tags";
import { TagAdminRow } from "./tag-admin-row";

export const dynamic = "force-dynamic";

const KIND_LABEL: Record<(typeof TAG_KINDS)[number], string> = {
  MEDIA_TOPIC: "IPTC Media Topics",
  PERSON: "People",
  ORGANISATION: "Organisations",
  PLACE: "Places",
  KEYWORD: "Keywords",
};

export default async function TagAdminPage({ searchParams }: { searchParams: Promise<{ q?: string; kind?: string }> }) {
  const user = await requirePermission("tag.manage", "/desk/tags");
  const { q, kind } = await searchParams;
  const tags = await listTagsForAdministration(user, {
    q: typeof q === "string" ? q : undefined,
    kind: typeof kind === "string" ? kind : undefined,
  });
  return (
    <>
      <div className={styles.pageHead}>
        <h1>Tags</h1>
        <span className={styles.muted}>
          Rename, add synonyms, merge duplicates (merging moves every story to the remaining tag), and choose the sections named
          in the public site’s masthead.
        </span>
      </div>
      <section className={styles.panel} aria-label="Tags">
        <form method="get" className={tagging.filters} role="search" aria-label="Find tags">
          <label className={tagging.search}>
            Find
            <input
              type="search"
              name="q"
              defaultValue={typeof q === "string" ? q : ""}
              maxLength={100}
              placeholder="Name or synonym"
            />
          </label>
          <label>
            Kind
            <select name="kind" defaultValue={typeof kind === "string" ? kind : ""}>
              <option value="">All</option>
              {TAG_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className={`${styles.button} ${styles.primary}`}>
            Find
          </button>
          <Link href="/desk/tags" className={styles.button}>
            Clear
          </Link>
        </form>
        {tags.length === 0 ? (
          <p className={styles.empty}>No tags match.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Stories</th>
                <th scope="col">Synonyms</th>
                <th scope="col">Merge</th>
                <th scope="col" title="Position in the public site's section navigation; blank: not a section">
                  Section
                </th>
              </tr>
            </thead>
            <tbody>
              {tags.map((t) => (
                <TagAdminRow key={t.id} tag={t} />
              ))}
            </tbody>
          </table>
        )}
        <p className={tagging.pager + " " + styles.muted}>
          Unused IPTC Media Topics are listed only when searched for. Vocabulary: IPTC Media Topics, © IPTC, CC BY 4.0.
        </p>
      </section>
    </>
  );
}
