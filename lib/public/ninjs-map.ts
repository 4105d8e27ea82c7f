import "server-only";
import type { PublicStory } from "@/lib/db/public";
import { renderStoryHtml } from "@/lib/editor/render";
import type { NinjsItem } from "./ninjs";
import { absoluteUrl, storyPath } from "./urls";
import { publicCredit } from "./credit";

const MEDIA_TOPIC = "http://cv.iptc.org/newscodes/mediatopic/";

/** One published story as a ninjs 2.0 item (validated by ninjsItemSchema in the tests). */
export function storyToNinjs(story: PublicStory): NinjsItem {
  const html = renderStoryHtml(story.body);
  const words = story.bodyText.split(/\s+/).filter(Boolean).length;
  const concepts = (kind: string) =>
    story.tags
      .filter(({ tag }) => tag.kind === kind)
      .map(({ tag }) => ({ name: tag.name, uri: absoluteUrl(`/tags/${tag.slug}`) }));
  const item: NinjsItem = {
    uri: absoluteUrl(`/api/content/stories/${story.id}`),
    type: "text",
    representationtype: "complete",
    profile: "wiredesk-story",
    version: String(story.publishedAt?.getTime() ?? 0),
    pubstatus: "usable",
    language: "en",
    headlines: [{ role: "main", contenttype: "text/plain", value: story.headline }],
    bodies: [{ role: "main", contenttype: "text/html", charcount: story.bodyText.length, wordcount: words, value: html }],
    altids: [
      { role: "slug", value: story.slug },
      { role: "web", value: absoluteUrl(storyPath(story.slug)) },
    ],
    subjects: story.tags
      .filter(({ tag }) => tag.kind === "MEDIA_TOPIC" || tag.kind === "KEYWORD")
      .map(({ tag }) =>
        tag.kind === "MEDIA_TOPIC" && tag.scheme === "medtop" && tag.code
          ? { name: tag.name, uri: `${MEDIA_TOPIC}${tag.code}`, rel: "about" }
          : { name: tag.name, uri: absoluteUrl(`/tags/${tag.slug}`), rel: "about" },
      ),
  };
  if (story.firstPublishedAt) item.firstcreated = story.firstPublishedAt.toISOString();
  if (story.publishedAt) item.versioncreated = story.publishedAt.toISOString();
  if (story.standfirst) item.descriptions = [{ role: "summary", contenttype: "text/plain", value: story.standfirst }];
  const by = publicCredit(story).name;
  if (by) item.by = by;
  if (story.datelinePlace) item.located = story.datelinePlace;
  if (story.credit) item.copyrightnotice = story.credit;
  const people = concepts("PERSON");
  const organisations = concepts("ORGANISATION");
  const places = concepts("PLACE");
  if (people.length) item.people = people;
  if (organisations.length) item.organisations = organisations;
  if (places.length) item.places = places;
  if (story.corrections.length) {
    item.ednote = story.corrections.map((c) => `Correction (${c.createdAt.toISOString()}): ${c.note}`).join("\n");
  }
  return item;
}
