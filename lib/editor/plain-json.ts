/**
 * A value as plain JSON data, for sending to a server action.
 *
 * The editor's document (`editor.getJSON()`) is not plain data: ProseMirror keeps node
 * and mark attributes in objects made with `Object.create(null)` and hands them out as
 * they are. React's server-action encoder sends an object that is not a plain object (a
 * null prototype included) as a *temporary reference*: the server receives an opaque
 * function in its place, so a link's attrs arrived as a function and every save of a
 * story with a link was refused (issue #12). Everything the browser sends that contains
 * a document goes through here first.
 *
 * A JSON round trip: null-prototype and other object-like values become plain objects,
 * `undefined` members disappear, and what JSON cannot carry (functions, symbols) is not
 * sent. Safe to import from client and server code.
 */
export function plainJson<T>(value: T): T {
  if (value === undefined) return value;
  return JSON.parse(JSON.stringify(value)) as T;
}
