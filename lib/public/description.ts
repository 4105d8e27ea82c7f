/**
 * The meta description of an article: its standfirst, or else the start of its body cut at a
 * word boundary (search engines show about 155 characters). Never empty when the story has
 * text: a page without one loses Lighthouse's SEO audit and gets a snippet chosen by others.
 */
export const DESCRIPTION_CHARS = 155;

export function storyDescription(story: { standfirst: string; bodyText: string }): string | undefined {
  const standfirst = story.standfirst.replace(/\s+/g, " ").trim();
  if (standfirst) return standfirst;
  const body = story.bodyText.replace(/\s+/g, " ").trim();
  if (!body) return undefined;
  if (body.length <= DESCRIPTION_CHARS) return body;
  const cut = body.slice(0, DESCRIPTION_CHARS);
  const space = cut.lastIndexOf(" ");
  return `${(space > DESCRIPTION_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}
