/**
 * S3 object bodies across the SDK boundary. The plugin answers before the SDK's deserializer, so
 * a GetObject `Body` must already be what that deserializer would hand back: a Node stream with
 * the SDK's stream mixin (`transformToString`, `transformToByteArray`, `transformToWebStream`),
 * each usable once, as on a real response.
 */
import { Readable } from 'node:stream';
import { SandboxError } from '../errors';

/** The bytes of a PutObject `Body`: a string, bytes, a Node stream, an async iterable or a Blob. */
export async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof (body as Blob).arrayBuffer === 'function')
    return Buffer.from(await (body as Blob).arrayBuffer());
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<unknown>)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }
  throw new SandboxError(`the sandbox cannot read a PutObject Body of type ${typeof body}`);
}

/** What GetObject's `Body` is for the SDK in Node: a Readable with the SDK's stream mixin. */
export interface SdkBody extends Readable {
  transformToByteArray(): Promise<Uint8Array>;
  transformToString(encoding?: BufferEncoding): Promise<string>;
  transformToWebStream(): ReadableStream;
}

export function sdkBody(bytes: Buffer): SdkBody {
  const stream = Readable.from([Buffer.from(bytes)]);
  let transformed = false;
  const once = () => {
    if (transformed) throw new Error('The stream has already been transformed.');
    transformed = true;
  };
  return Object.assign(stream, {
    async transformToByteArray() {
      once();
      return new Uint8Array(bytes);
    },
    async transformToString(encoding: BufferEncoding = 'utf8') {
      once();
      return bytes.toString(encoding);
    },
    transformToWebStream() {
      once();
      return Readable.toWeb(stream) as ReadableStream;
    },
  });
}
