// Lists are paginated (pageSize at most 100, newest first); an inbox needs all its open cases to
// sort them by due date, so it reads page after page (up to a bound).
export async function allPages<T>(load: (page: number) => Promise<{ items: T[]; total: number }>, maxPages = 20): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= maxPages; page += 1) {
    const answer = await load(page);
    items.push(...answer.items);
    if (items.length >= answer.total || answer.items.length === 0) break;
  }
  return items;
}
