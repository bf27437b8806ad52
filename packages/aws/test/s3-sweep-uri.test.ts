import { createS3Client, parseSweepUri, SweepUriError, sweepUri } from '../src';
import { REGION } from './fixture';

describe('parseSweepUri', () => {
  it.each([
    ['s3://guardrail-results/sweeps/20250601T120000Z-1a2b3c4d', '20250601T120000Z-1a2b3c4d'],
    ['s3://guardrail-results/sweeps/recheck:1700000000000/', 'recheck:1700000000000'],
  ])('reads the bucket and the sweep id of %s', (uri, sweepId) => {
    expect(parseSweepUri(uri)).toEqual({ bucket: 'guardrail-results', sweepId });
    expect(sweepUri({ bucket: 'guardrail-results', sweepId })).toBe(uri.replace(/\/$/, ''));
  });

  it.each([
    ['https://guardrail-results/sweeps/x', 'not an S3 URI of a sweep'],
    ['s3://guardrail-results', 'not an S3 URI of a sweep'],
    ['s3://Guardrail_Results/sweeps/x', '"Guardrail_Results" is not an S3 bucket name'],
    ['s3://guardrail-results/reports/x', "a sweep's results are under sweeps/"],
    ['s3://guardrail-results/sweeps/', '"" is not a sweep id'],
    ['s3://guardrail-results/sweeps/a/b', '"a/b" is not a sweep id'],
  ])('refuses %s, saying what it expects', (uri, problem) => {
    const error = (() => {
      try {
        parseSweepUri(uri);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SweepUriError);
    expect((error as Error).message).toBe(`${uri}: ${problem} (s3://<bucket>/sweeps/<sweepId>)`);
  });
});

describe('createS3Client', () => {
  it('follows S3 region redirects and retries as the other clients do', async () => {
    const s3 = createS3Client({ region: REGION, maxAttempts: 3 });
    expect(s3.config.followRegionRedirects).toBe(true);
    expect(await s3.config.maxAttempts()).toBe(3);
  });
});
