/** Regions are checked against the list of hub.partition's regions. */
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { isRegionOf, PARTITION_REGIONS, PARTITIONS, partitionOf, regionProblem } from '../src/config/regions';
import { captureConfigError, exampleWith } from './support/config-errors';

const targets = (regions: string[]) => ({ organizationalUnitIds: ['ou-abcd-11111111'], regions });

describe('the partition region lists', () => {
  it.each(PARTITIONS)('hold exactly the regions aws-cdk-lib knows in %s', (partition) => {
    // A CDK upgrade that knows a new region fails here: add it to PARTITION_REGIONS.
    const known = RegionInfo.regions
      .filter((region) => region.partition === partition)
      .map((region) => region.name)
      .sort();
    expect([...PARTITION_REGIONS[partition]].sort()).toEqual(known);
  });

  it('put each region in one partition only', () => {
    const all = PARTITIONS.flatMap((partition) => [...PARTITION_REGIONS[partition]]);
    expect(new Set(all).size).toBe(all.length);
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOf('us-east-9')).toBeUndefined();
    expect(isRegionOf('aws', 'eu-west-1')).toBe(true);
    expect(isRegionOf('aws', 'cn-north-1')).toBe(false);
  });

  it('say which partition a region of another partition is in', () => {
    expect(regionProblem('aws', 'eu-west-1')).toBeUndefined();
    expect(regionProblem('aws', 'cn-north-1')).toBe(
      'cn-north-1 is a region of the aws-cn partition, not of hub.partition aws',
    );
    expect(regionProblem('aws-us-gov', 'us-east-9')).toBe(
      'us-east-9 is not a region of the aws-us-gov partition',
    );
  });
});

describe('the regions of the deploy configuration', () => {
  it('refuses us-east-9 as the hub region and as a target, naming each field', () => {
    const error = captureConfigError(() =>
      exampleWith({
        hub: { account: '111111111111', region: 'us-east-9' },
        targets: targets(['eu-west-1', 'us-east-9']),
      }),
    );
    expect(error.issues).toEqual([
      { field: 'hub.region', message: 'us-east-9 is not a region of aws, aws-cn, aws-us-gov' },
      { field: 'targets.regions.1', message: 'us-east-9 is not a region of aws, aws-cn, aws-us-gov' },
    ]);
  });

  it('refuses regions of another partition than hub.partition, and takes them in their own', () => {
    const error = captureConfigError(() =>
      exampleWith({
        targets: {
          ...targets(['eu-west-1', 'cn-north-1', 'us-gov-west-1']),
          globalResourcesRegion: 'cn-north-1',
        },
      }),
    );
    expect(error.issues).toEqual([
      {
        field: 'targets.regions.1',
        message: 'cn-north-1 is a region of the aws-cn partition, not of hub.partition aws',
      },
      {
        field: 'targets.regions.2',
        message: 'us-gov-west-1 is a region of the aws-us-gov partition, not of hub.partition aws',
      },
      {
        field: 'targets.globalResourcesRegion',
        message: 'cn-north-1 is a region of the aws-cn partition, not of hub.partition aws',
      },
    ]);

    const china = exampleWith({
      hub: { account: '111111111111', region: 'cn-north-1', partition: 'aws-cn' },
      targets: targets(['cn-north-1', 'cn-northwest-1']),
    });
    expect(china.targets.regions).toEqual(['cn-north-1', 'cn-northwest-1']);
    const gov = captureConfigError(() =>
      exampleWith({
        hub: { account: '111111111111', region: 'eu-west-1', partition: 'aws-us-gov' },
        targets: targets(['us-gov-west-1']),
      }),
    );
    expect(gov.issues).toEqual([
      {
        field: 'hub.region',
        message: 'eu-west-1 is a region of the aws partition, not of hub.partition aws-us-gov',
      },
    ]);
  });

  it('refuses a partition that is not aws, aws-cn or aws-us-gov', () => {
    const error = captureConfigError(() =>
      exampleWith({ hub: { account: '111111111111', region: 'eu-west-1', partition: 'aws-iso' } }),
    );
    expect(error.issues).toEqual([
      { field: 'hub.partition', message: 'must be one of aws, aws-cn, aws-us-gov' },
    ]);
  });
});
