/** The plan command's JSON inputs (group, rules, event, prefix lists): read and parsed, failures on one line. */
import { CliInputError, readJsonFile } from '../io';
import { oneLine } from './one-line';
import { type PlanIo, readStdinText, STDIN, STDIN_NAME } from './stdin';

export function readJsonInput(file: string): unknown {
  try {
    return readJsonFile(file);
  } catch (error) {
    // JSON.parse quotes the text it stopped at, line breaks and all.
    if (error instanceof CliInputError) throw new CliInputError(oneLine(error.message), { cause: error });
    throw error;
  }
}

/** JSON text from somewhere other than a file; failures name `name` as readJsonFile names a file. */
export function parseJsonText(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliInputError(oneLine(`${name}: not valid JSON: ${(error as Error).message}`), {
      cause: error,
    });
  }
}

/** A parsed input and the name its messages give it: the file, or `stdin`. */
export interface JsonInput {
  name: string;
  json: unknown;
}

/** `flag`'s argument: a file, or `-` for standard input. */
export async function readJsonSource(argument: string, flag: string, io: PlanIo): Promise<JsonInput> {
  if (argument !== STDIN) return { name: argument, json: readJsonInput(argument) };
  return { name: STDIN_NAME, json: parseJsonText(await readStdinText(io, flag), STDIN_NAME) };
}
