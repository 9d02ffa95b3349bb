/** "Keep both": the first free `name (n).ext` next to a taken name. */

export function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  // A leading dot is a hidden file's name, not an extension.
  if (dot <= 0) return `${name} (${n})`;
  return `${name.slice(0, dot)} (${n})${name.slice(dot)}`;
}

export function firstFreeName(name: string, taken: (candidate: string) => boolean, limit = 10_000): string {
  if (!taken(name)) return name;
  for (let n = 1; n <= limit; n++) {
    const candidate = numberedName(name, n);
    if (!taken(candidate)) return candidate;
  }
  throw new Error(`no free name for '${name}' after ${limit} tries`);
}
