/**
 * A progress bar for long reads, on stderr only (stdout carries the command's output, which may be
 * piped or redirected). On a terminal it redraws one line in place
 * (`\r[#####.....] 12/40 accounts x regions`); elsewhere (a CI log, a file) a redrawn line would
 * be noise, so it writes a few plain lines: the start, each quarter, the end. Dependency-free.
 */

export interface Progress {
  /** The amount of work is known: draws the empty bar (or says how much there is). */
  start(total: number): void;
  /** One unit done. */
  tick(): void;
  /** Everything done (or given up): ends the bar's line. */
  end(): void;
}

export interface ProgressOptions {
  /** Where the bar goes: stderr. */
  write(text: string): void;
  /** Whether that is a terminal (redraw in place) or not (plain lines). */
  tty: boolean;
  /** What is counted, plural: "accounts x regions". */
  label: string;
  /** The same, when there is one (default `label`). */
  labelOne?: string;
  /** Nothing at all (`--quiet`). */
  quiet?: boolean;
  /** The bar's width in characters (default 20). */
  width?: number;
}

const SILENT: Progress = { start() {}, tick() {}, end() {} };

export function createProgress(options: ProgressOptions): Progress {
  if (options.quiet) return SILENT;
  return options.tty ? terminalBar(options) : plainLines(options);
}

/** The label that goes with the total: "1/1 region", "3/8 regions". */
const labelFor = (options: ProgressOptions, total: number) =>
  total === 1 ? (options.labelOne ?? options.label) : options.label;

function terminalBar(options: ProgressOptions): Progress {
  const width = options.width ?? 20;
  let total = 0;
  let done = 0;
  let started = false;
  const draw = () => {
    const filled = total === 0 ? width : Math.floor((done / total) * width);
    options.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${labelFor(options, total)}`,
    );
  };
  return {
    start(n) {
      total = n;
      started = true;
      draw();
    },
    tick() {
      done += 1;
      if (started) draw();
    },
    end() {
      if (started) options.write('\n');
      started = false;
    },
  };
}

function plainLines(options: ProgressOptions): Progress {
  let total = 0;
  let done = 0;
  let quarter = 0;
  let started = false;
  return {
    start(n) {
      total = n;
      started = true;
      options.write(`reading ${n} ${labelFor(options, n)}\n`);
    },
    tick() {
      done += 1;
      if (!started || done >= total) return;
      // A line each time a new quarter is reached: at most three between the start and the end.
      const reached = Math.floor((done * 4) / total);
      if (reached > quarter) {
        quarter = reached;
        options.write(`${done}/${total} ${labelFor(options, total)}\n`);
      }
    },
    end() {
      if (started) options.write(`${done}/${total} ${labelFor(options, total)} read\n`);
      started = false;
    },
  };
}
