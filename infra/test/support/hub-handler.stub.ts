/** Bundled by the infra tests in place of apps/hub/src/lambda.ts (see synth.ts). */
export const handler = async (): Promise<{ batchItemFailures: [] }> => ({ batchItemFailures: [] });
