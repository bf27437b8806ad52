/**
 * The demo's clock: it stands still until a story moves it, so every event time, alert and
 * exposure window is the same on every run (and the demo test can assert on them).
 */
export class DemoClock {
  private current: number;

  constructor(readonly start: Date) {
    this.current = start.getTime();
  }

  readonly now = (): Date => new Date(this.current);

  advance(ms: number): void {
    this.current += ms;
  }

  /** Milliseconds since the demo started. */
  elapsed(): number {
    return this.current - this.start.getTime();
  }
}
