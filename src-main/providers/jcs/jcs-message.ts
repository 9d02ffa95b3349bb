/**
 * A JCS service's message as users may read it. Services name buckets,
 * packages and objects by their numeric ids ("package 2 not found", "object
 * 422 not found", "... in package 7", "(packageID 2)"); those ids mean
 * nothing to a user, who knows the thing by its name or path, and the app
 * keeps them out of everything above the adapter (roots are opaque ids
 * there). So the ids are taken out here, at the adapter's boundary; the
 * caller adds the name or path it knows.
 */

/** What services number: buckets, packages, objects, users, user spaces, and the node's space jobs and space sync tasks. */
const KIND = '(bucket|package|object|user\\s*space|user|job|task)';

/** The whole message is "<kind> <id> not found": said plainly. */
const WHOLE_NOT_FOUND = new RegExp(`^\\s*${KIND}\\s*(?:id)?\\s*[#:]?\\s*\\d+\\s+(?:not found|does not exist|not exist(?:s)?)\\.?\\s*$`, 'i');
/** "(packageID 2)", "(objectID: 422)": a parenthesised id, dropped. */
const PARENTHESISED_ID = new RegExp(`\\s*\\(\\s*${KIND}\\s*id\\s*[:=]?\\s*\\d+\\s*\\)`, 'gi');
/** "package 2", "packageID 2", "package #2", "bucketID=3": "this package". */
const NAMED_BY_ID = new RegExp(`\\b${KIND}\\s*(?:id)?\\s*[#:=]?\\s*\\d+\\b`, 'gi');

export function withoutIds(message: string): string {
  const whole = WHOLE_NOT_FOUND.exec(message);
  if (whole) return `the ${noun(whole[1]!)} does not exist (any more)`;
  return message.replace(PARENTHESISED_ID, '').replace(NAMED_BY_ID, (_match, kind: string) => `this ${noun(kind)}`);
}

/** "userSpace", "user space", "Package": as a sentence says it. */
function noun(kind: string): string {
  return kind.toLowerCase().replace(/^user\s*space$/, 'user space');
}
