/** The plan command's JSON files (group, event, prefix lists): read and parsed, failures on one line. */
import { CliInputError, readJsonFile } from '../io';
import { oneLine } from './one-line';

export function readJsonInput(file: string): unknown {
  try {
    return readJsonFile(file);
  } catch (error) {
    // JSON.parse quotes the text it stopped at, line breaks and all.
    if (error instanceof CliInputError) throw new CliInputError(oneLine(error.message), { cause: error });
    throw error;
  }
}
