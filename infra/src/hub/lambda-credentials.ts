/**
 * The hub Lambda's default credentials, for its bundle only: what `@aws-sdk/credential-provider-node`
 * (the SDK's default chain, which every client's runtime config imports) resolves to in Lambda.
 *
 * Lambda gives a function its execution role's credentials in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), or, in runtimes that serve them so, from a container
 * endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI / _RELATIVE_URI). The chain's other sources (SSO,
 * shared config and credential files, credential processes, web identity token files, EC2 instance
 * metadata) never apply there, yet they bring the SSO, SSO-OIDC, sign-in and STS clients of
 * `@aws-sdk/nested-clients` into the bundle: about 90 KB that every cold start parses. This plugin
 * puts a chain of the two that apply in its place (same exports, same memoizing and refresh rule
 * as the SDK's), and says plainly when neither is there. The CLI, the demo and the tests keep the
 * SDK's full chain: they do not use this bundle.
 */
import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

export const LAMBDA_CREDENTIALS_NAMESPACE = 'guardrail-lambda-credentials';

/** The module that stands in for @aws-sdk/credential-provider-node (resolved beside the real one). */
export const LAMBDA_CREDENTIALS_SOURCE = `
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import { CredentialsProviderError } from '@smithy/core/config';

export const credentialsWillNeedRefresh = (credentials) => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials) =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300000;

const CONTAINER = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'];

export const defaultProvider = (init = {}) => {
  let current;
  const resolve = async (properties) => {
    if (process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY) return fromEnv(init)(properties);
    if (CONTAINER.some((name) => process.env[name])) return fromHttp(init)(properties);
    throw new CredentialsProviderError(
      'no credentials in the Lambda environment: neither AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY nor ' +
        CONTAINER.join(' / ') + ' is set (this bundle reads only what Lambda provides)',
      { tryNextLink: false, logger: init.logger },
    );
  };
  return async (properties) => {
    if (current === undefined || properties?.forceRefresh) {
      current = resolve(properties).catch((error) => {
        current = undefined;
        throw error;
      });
    }
    const credentials = await current;
    if (credentialsTreatedAsExpired(credentials)) {
      current = undefined;
      return resolve(properties);
    }
    return credentials;
  };
};
`;

export const lambdaCredentialsPlugin: Plugin = {
  name: 'guardrail-lambda-credentials',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, async (args) => {
      // The lookup below comes back through this hook: let esbuild answer it.
      if ((args.pluginData as { real?: boolean } | undefined)?.real) return undefined;
      // Where the real package is, seen from the client that imports it: the stand-in's own
      // imports (credential-provider-env and -http, @smithy/core) are that package's dependencies.
      const real = await esbuild.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: { real: true },
      });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: LAMBDA_CREDENTIALS_NAMESPACE };
    });
    esbuild.onLoad({ filter: /.*/, namespace: LAMBDA_CREDENTIALS_NAMESPACE }, (args) => ({
      contents: LAMBDA_CREDENTIALS_SOURCE,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};
