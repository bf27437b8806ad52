/**
 * A field of an input file that EC2 would refuse, or that contradicts another field: one line
 * naming the file, the JSON path and (in the problem) the value. A CliInputError, so exit 2.
 */
import { CliInputError } from '../io';
import { oneLine } from './one-line';

export class InputFieldError extends CliInputError {
  constructor(
    readonly file: string,
    /** The JSON path, `SecurityGroups[0].IpPermissions[2].FromPort`; empty for the document. */
    readonly path: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(oneLine(`${file}: ${path || '(root)'}: ${problem}`), options);
  }
}
