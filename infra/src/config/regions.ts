/**
 * The regions of each partition a hub may be deployed in (`hub.partition`), as a static list: a
 * typo (`us-east-9`, `eu-westt-1`) fails at synth with the field's name, not hours later as a
 * failed StackSet instance. A test compares the list with aws-cdk-lib's region facts, so a CDK
 * upgrade that knows a new region says so. A region launched after this list: add it here.
 */
export const PARTITION_REGIONS = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'me-west-1',
    'mx-central-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
} as const satisfies Record<string, readonly string[]>;

export type Partition = keyof typeof PARTITION_REGIONS;

export const PARTITIONS = Object.keys(PARTITION_REGIONS) as [Partition, ...Partition[]];

export function isRegionOf(partition: Partition, region: string): boolean {
  return (PARTITION_REGIONS[partition] as readonly string[]).includes(region);
}

/** The partition a region belongs to, when it is in one of the lists. */
export function partitionOf(region: string): Partition | undefined {
  return PARTITIONS.find((partition) => isRegionOf(partition, region));
}

/** Why a region is not one of the partition's: names the partition the region is in, if any. */
export function regionProblem(partition: Partition, region: string): string | undefined {
  if (isRegionOf(partition, region)) return undefined;
  const other = partitionOf(region);
  return other
    ? `${region} is a region of the ${other} partition, not of hub.partition ${partition}`
    : `${region} is not a region of the ${partition} partition`;
}
