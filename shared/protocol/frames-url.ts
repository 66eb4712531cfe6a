/** The lobby address with the query that asks for compact state frames (see compact-frames.ts). */
export function compactFramesUrl(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('frames', 'compact');
  return parsed.toString();
}
