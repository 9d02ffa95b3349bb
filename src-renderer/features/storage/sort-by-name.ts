/** Buckets and packages sort by name the way people read them: locale-aware, with numbers in numeric order ("v2" before "v10"). */
export function sortByName<T extends { name: string }>(items: readonly T[], locale: string): T[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  return [...items].sort((a, b) => collator.compare(a.name, b.name));
}
