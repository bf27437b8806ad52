/**
 * The exposure window: how long a rule that broke the policy was live, from the triggering
 * change's eventTime to the moment its revert succeeded. Emitted as a metric and shown in alerts.
 */
import type { ExposureWindow } from './types';

/**
 * Seconds between two ISO 8601 instants; undefined when either is not an instant. Clock skew
 * between CloudTrail and the hub can put the end first: that counts as no exposure, never less.
 */
export function exposureWindowSeconds(from: string, to: string): number | undefined {
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return Math.max(0, (end - start) / 1000);
}

export function exposureWindow(from: string, to: string): ExposureWindow | undefined {
  const seconds = exposureWindowSeconds(from, to);
  return seconds === undefined ? undefined : { from, to, seconds };
}

/** The longest of several windows (what the alert headline and the metric report). */
export function longestExposure(windows: (ExposureWindow | undefined)[]): ExposureWindow | undefined {
  let longest: ExposureWindow | undefined;
  for (const window of windows) {
    if (window && (!longest || window.seconds > longest.seconds)) longest = window;
  }
  return longest;
}

/** "3.5 s", "42 s", "3 min 5 s", "2 h 7 min": for people, not for metrics. */
export function formatDuration(seconds: number): string {
  if (seconds < 10) return `${Math.round(seconds * 10) / 10} s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${whole % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
