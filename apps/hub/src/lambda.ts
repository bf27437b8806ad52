// Placeholder entry so the CDK app can bundle; replaced by the hub implementation (issue 3).
export const handler = async (): Promise<never> => {
  throw new Error('hub handler not implemented yet');
};
