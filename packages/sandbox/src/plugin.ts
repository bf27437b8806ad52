import { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import type {
  DeserializeHandler,
  DeserializeHandlerArguments,
  DeserializeHandlerOutput,
  HandlerExecutionContext,
  MetadataBearer,
  Pluggable,
} from '@smithy/types';
import type { Dispatcher } from './dispatcher';
import { ApiError, SandboxError } from './errors';
import { toServiceException } from './sdk-errors';
import { isServiceName } from './types';

/** Parses the SigV4 credential scope: `Credential=AKID/20240101/us-east-1/ec2/aws4_request`. */
function credentialScope(request: HttpRequest): { accessKeyId: string; region: string; service: string } {
  const authorization = Object.entries(request.headers).find(
    ([k]) => k.toLowerCase() === 'authorization',
  )?.[1];
  const match = authorization?.match(/Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/);
  if (!match)
    throw new SandboxError('the sandbox received an unsigned request (does the client have credentials?)');
  return { accessKeyId: match[1] ?? '', region: match[2] ?? '', service: match[3] ?? '' };
}

function header(request: HttpRequest, name: string): string {
  return Object.entries(request.headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? '';
}

/**
 * The middleware that answers every call from the sandbox. It sits first in the `deserialize`
 * step: serialization, signing and the retry strategy have run before it (so retries see our
 * throttling and 5xx errors exactly as real ones), and it returns the output the deserializer
 * would have produced, so the HTTP handler is never reached.
 */
export function sandboxPlugin(dispatcher: Dispatcher): Pluggable<object, MetadataBearer> {
  const middleware =
    (_next: DeserializeHandler<object, MetadataBearer>, context: HandlerExecutionContext) =>
    async (args: DeserializeHandlerArguments<object>): Promise<DeserializeHandlerOutput<MetadataBearer>> => {
      if (!HttpRequest.isInstance(args.request))
        throw new SandboxError('the sandbox expected an HTTP request');
      const request = args.request;
      const scope = credentialScope(request);
      if (!isServiceName(scope.service))
        throw new SandboxError(`the sandbox does not serve ${scope.service}`);
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      const smithy = (context as Record<string, unknown>).__smithy_context as
        | { abortSignal?: AbortSignal }
        | undefined;
      try {
        const { output, requestId } = await dispatcher.dispatch({
          service: scope.service,
          operation,
          region: scope.region,
          accessKeyId: scope.accessKeyId,
          input: args.input as Record<string, unknown>,
          userAgent: header(request, 'user-agent'),
          abortSignal: smithy?.abortSignal,
        });
        const response = new HttpResponse({ statusCode: 200, headers: { 'x-amzn-requestid': requestId } });
        return { response, output: { ...output, $metadata: { httpStatusCode: 200, requestId } } };
      } catch (error) {
        if (error instanceof ApiError) throw toServiceException(scope.service, error, error.requestId ?? '');
        throw error;
      }
    };
  return {
    applyToStack: (stack) => {
      stack.add(middleware, {
        step: 'deserialize',
        priority: 'high',
        name: 'guardrailSandboxMiddleware',
        tags: ['GUARDRAIL_SANDBOX'],
        override: true,
      });
    },
  };
}
