import styles from "./desk.module.css";

export type StoryTextValues = { headline: string; standfirst: string; byline: string; datelinePlace: string };

/** The story form's plain-text fields (headline, standfirst, byline, dateline). */
export function StoryTextFields({
  fields,
  onChange,
  readOnly,
}: {
  fields: StoryTextValues;
  onChange: (key: keyof StoryTextValues) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
  readOnly: boolean;
}) {
  return (
    <>
      <div className={styles.field}>
        <label htmlFor="headline">Headline</label>
        <input
          id="headline"
          className={styles.headlineInput}
          value={fields.headline}
          onChange={onChange("headline")}
          readOnly={readOnly}
          maxLength={300}
          required
        />
      </div>
      <div className={styles.field}>
        <label htmlFor="standfirst">Standfirst</label>
        <textarea
          id="standfirst"
          rows={2}
          value={fields.standfirst}
          onChange={onChange("standfirst")}
          readOnly={readOnly}
          maxLength={1000}
        />
      </div>
      <div className={styles.row}>
        <div className={styles.field}>
          <label htmlFor="byline">Byline</label>
          <input id="byline" value={fields.byline} onChange={onChange("byline")} readOnly={readOnly} maxLength={200} />
        </div>
        <div className={styles.field}>
          <label htmlFor="dateline">Dateline</label>
          <input
            id="dateline"
            value={fields.datelinePlace}
            onChange={onChange("datelinePlace")}
            readOnly={readOnly}
            maxLength={100}
          />
        </div>
      </div>
    </>
  );
}
