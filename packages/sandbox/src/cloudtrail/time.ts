/** CloudTrail writes instants to the second: `2024-05-01T12:00:00Z`. */
export function cloudTrailTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
