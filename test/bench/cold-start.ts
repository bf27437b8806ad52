/**
 * The hub Lambda's cold start (issue 11), side by side with a reference built from the same tree
 * the way the hub was built before:
 *
 * - new: the live-event function's entry (apps/hub/src/event-lambda.ts: the hub without the sweep's
 *   parts) bundled by the infra's own bundler (infra/src/hub/bundle-hub-main.ts: the SDK schema
 *   plugin, `"sideEffects": false`, zod/mini), policies compiled to JSON beside it, source map
 *   written but not loaded. The sweep function's bundle (apps/hub/src/lambda.ts) is built too, for
 *   its size: its cold starts are the sweep's, not a live event's.
 * - reference: the one entry both functions had (lambda.ts), bundled with esbuild's CLI and the
 *   options the CDK NodejsFunction passed (minify, linked source map, module-first main fields, no
 *   plugin), an entry that reads the YAML policy file with the full
 *   loader (YAML parser, full zod schema), and NODE_OPTIONS=--enable-source-maps. What cannot be
 *   rebuilt is newer in both (the zod/mini environment parser, clients built on first use), so the
 *   reference is, if anything, a little faster than the bundle it stands for.
 * - new with source maps: the new bundle run with --enable-source-maps, to show what loading the
 *   map would cost at init.
 *
 * Each sample is a fresh node process: `require` of the bundle, then the first invocation (the
 * handler builds the hub: configuration, policies, adapters; then one SQS record with a real
 * CloudTrail event, reverted and alerted), then warm invocations (other events). AWS is a local
 * HTTP endpoint (AWS_ENDPOINT_URL) answering the calls of that path at once, so the times are the
 * process's own work: the SDK's serializing, signing and parsing included, no network wait. The
 * variants' samples are interleaved so a busy machine slows them alike.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compiledPoliciesText, DEFAULT_TAG_KEYS, HUB_ENV, loadPolicies } from '@guardrail/core';
import type { GroupSnapshot } from '@guardrail/sandbox';
import { sqsRecord } from '@guardrail/testkit';
import { percentile, round } from './stats';
import { accountId, createBenchWorld, HUB_ACCOUNT, REGIONS } from './world';

const REPO = join(__dirname, '..', '..');
const HUB_ENTRY = join(REPO, 'apps', 'hub', 'src', 'lambda.ts');
const EVENT_ENTRY = join(REPO, 'apps', 'hub', 'src', 'event-lambda.ts');
const BUNDLE_MAIN = join(REPO, 'infra', 'src', 'hub', 'bundle-hub-main.ts');
const ESBUILD = join(REPO, 'infra', 'node_modules', '.bin', 'esbuild');
/** The policies a deployment of the example configuration ships (infra/guardrail.config.example.yaml). */
const POLICY_YAML = join(REPO, 'infra', 'policies.example.yaml');

/** The targets: a bundle under 900 KB, require + first invocation at most half the reference's. */
export const TARGET_BUNDLE_BYTES = 900 * 1024;
export const TARGET_COLD_RATIO = 0.5;
/** Warm invocations per sample, after the first. */
const WARM_INVOCATIONS = 5;

/** The old Lambda entry, rebuilt from today's tree: the full policy loader, which reads YAML. */
const REFERENCE_ENTRY = `import { loadConfiguredPolicies } from '@guardrail/engine';
import { createLambdaHandler } from './lambda';
export const handler = createLambdaHandler(() => process.env, { loadPolicies: loadConfiguredPolicies });
`;

/** Run in each fresh process: times require, the first and the warm invocations; writes them as JSON. */
const SAMPLE_SCRIPT = `'use strict';
const { performance } = require('node:perf_hooks');
const { readFileSync, writeFileSync } = require('node:fs');
const [bundle, eventsFile, outFile] = process.argv.slice(2);
const events = JSON.parse(readFileSync(eventsFile, 'utf8'));
const context = { awsRequestId: 'bench', functionName: 'guardrail-hub', functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:200000000000:function:guardrail-hub', memoryLimitInMB: '512',
  getRemainingTimeInMillis: () => 30000 };
const t0 = performance.now();
const mod = require(bundle);
const t1 = performance.now();
// GUARDRAIL_BENCH_CPU_PROF=<dir>: a V8 CPU profile of the first invocation alone, per sample (not timed).
const profileDir = process.env.GUARDRAIL_BENCH_CPU_PROF;
const session = profileDir ? new (require('node:inspector').Session)() : undefined;
const post = (method, params) => new Promise((ok, ko) => session.post(method, params, (e, r) => (e ? ko(e) : ok(r))));
(async () => {
  if (session) { session.connect(); await post('Profiler.enable'); await post('Profiler.setSamplingInterval', { interval: 100 }); await post('Profiler.start'); }
  const t1p = performance.now();
  const first = await mod.handler(events[0], context);
  const t2 = performance.now();
  if (session) {
    const { profile } = await post('Profiler.stop');
    writeFileSync(require('node:path').join(profileDir, require('node:path').basename(require('node:path').dirname(bundle)) + '-' + process.pid + '.cpuprofile'), JSON.stringify(profile));
  }
  // Tells the endpoint where the first invocation's calls end (not timed).
  await fetch(process.env.AWS_ENDPOINT_URL + '/__first-invocation-done');
  const warmMs = [];
  const warm = [];
  for (const event of events.slice(1)) {
    const t3 = performance.now();
    warm.push(await mod.handler(event, context));
    warmMs.push(performance.now() - t3);
  }
  warmMs.sort((a, b) => a - b);
  writeFileSync(outFile, JSON.stringify({ requireMs: t1 - t0, firstMs: t2 - t1p, warmMs: warmMs[Math.floor(warmMs.length / 2)], first, warm }));
  process.exit(0);
})().catch((error) => {
  writeFileSync(outFile, JSON.stringify({ error: String((error && error.stack) || error) }));
  process.exit(1);
});
`;

export interface BundleFigures {
  bytes: number;
  mapBytes: number;
  /** Bytes in the bundle by package, largest first. */
  packages: [string, number][];
}

export interface TimingFigures {
  samples: number;
  requireMs: number;
  firstInvocationMs: number;
  /** Median of each sample's require + first invocation (not the sum of the two medians). */
  coldMs: number;
  /** Median over the samples of each sample's median warm invocation. */
  warmInvocationMs: number;
}

export interface ColdStartResult {
  node: string;
  reference: { bundle: BundleFigures; timing: TimingFigures };
  current: { bundle: BundleFigures; timing: TimingFigures };
  /** The sweep function's bundle (the whole hub and the planner): its size only. */
  sweepBundle: BundleFigures;
  /** The new bundle run with NODE_OPTIONS=--enable-source-maps. */
  currentWithSourceMaps: { timing: TimingFigures };
  /** current / reference. */
  ratio: {
    bundleBytes: number;
    requireMs: number;
    firstInvocationMs: number;
    coldMs: number;
    warmMs: number;
  };
  /** AWS operations the first invocation made (the endpoint's log), in order. */
  firstInvocationCalls: string[];
  met: { bundleBytes: boolean; cold: boolean };
}

/** The package an input belongs to (`@aws-sdk/client-ec2`, `zod`), or its workspace folder. */
function packageOf(input: string): string {
  const modules = input.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, name] = input.slice(modules + 'node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? input);
  }
  return /(?:^|\/)((?:packages|apps)\/[^/]+)\//.exec(input)?.[1] ?? input;
}

interface Metafile {
  outputs: Record<
    string,
    { bytes: number; entryPoint?: string; inputs: Record<string, { bytesInOutput: number }> }
  >;
}

function bundleFigures(dir: string): BundleFigures {
  const metafile = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Metafile;
  const output = Object.values(metafile.outputs).find((out) => out.entryPoint !== undefined);
  if (!output) throw new Error(`no entry point output in ${dir}/meta.json`);
  const packages = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput > 0)
      packages.set(packageOf(file), (packages.get(packageOf(file)) ?? 0) + bytesInOutput);
  }
  return {
    bytes: output.bytes,
    mapBytes: readFileSync(join(dir, 'index.js.map')).length,
    packages: [...packages].sort((a, b) => b[1] - a[1]),
  };
}

function buildBundles(root: string): { current: string; sweep: string; reference: string } {
  const current = join(root, 'current');
  const sweep = join(root, 'sweep');
  const reference = join(root, 'reference');
  for (const dir of [current, sweep, reference]) mkdirSync(dir);
  for (const [entry, outdir] of [
    [EVENT_ENTRY, current],
    [HUB_ENTRY, sweep],
  ] as const) {
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        BUNDLE_MAIN,
        JSON.stringify({ entry, outdir, metafile: join(outdir, 'meta.json') }),
      ],
      { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] },
    );
  }
  writeFileSync(
    join(current, 'guardrail-policies.json'),
    compiledPoliciesText(loadPolicies({ file: POLICY_YAML })),
  );
  // The CDK NodejsFunction's esbuild command line (minify, sourceMap, sourcesContent: false, CJS,
  // node22, mainFields module,main, nothing external), the entry on stdin beside lambda.ts.
  execFileSync(
    ESBUILD,
    [
      '--bundle',
      '--loader=ts',
      '--sourcefile=reference-lambda.ts',
      `--outfile=${join(reference, 'index.js')}`,
      '--platform=node',
      '--target=node22',
      '--format=cjs',
      '--minify',
      '--sourcemap',
      '--sources-content=false',
      '--main-fields=module,main',
      `--metafile=${join(reference, 'meta.json')}`,
      '--log-level=warning',
    ],
    { cwd: dirname(HUB_ENTRY), input: REFERENCE_ENTRY, stdio: ['pipe', 'inherit', 'inherit'] },
  );
  return { current, sweep, reference };
}

// ---------------------------------------------------------------------------------------------
// A local AWS endpoint for the first invocation's calls.

const xml = (value: string | number | boolean) =>
  String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const tag = (name: string, value: string | number | boolean | undefined) =>
  value === undefined ? '' : `<${name}>${xml(value)}</${name}>`;

function ruleXml(group: GroupSnapshot, rule: GroupSnapshot['rules'][number]): string {
  const referenced = rule.ReferencedGroupInfo
    ? `<referencedGroupInfo>${tag('groupId', rule.ReferencedGroupInfo.GroupId)}${tag('userId', rule.ReferencedGroupInfo.UserId)}</referencedGroupInfo>`
    : '';
  return `<item>${tag('securityGroupRuleId', rule.SecurityGroupRuleId)}${tag('groupId', group.groupId)}${tag('groupOwnerId', group.ownerId)}${tag('isEgress', rule.IsEgress ?? false)}${tag('ipProtocol', rule.IpProtocol)}${tag('fromPort', rule.FromPort)}${tag('toPort', rule.ToPort)}${tag('cidrIpv4', rule.CidrIpv4)}${tag('cidrIpv6', rule.CidrIpv6)}${tag('prefixListId', rule.PrefixListId)}${referenced}${tag('description', rule.Description)}<tagSet/></item>`;
}

/** One IpPermission per rule: the same rules as EC2's merged listing. */
function permissionXml(rule: GroupSnapshot['rules'][number]): string {
  const peer = rule.CidrIpv4
    ? `<ipRanges><item>${tag('cidrIp', rule.CidrIpv4)}${tag('description', rule.Description)}</item></ipRanges>`
    : rule.CidrIpv6
      ? `<ipv6Ranges><item>${tag('cidrIpv6', rule.CidrIpv6)}${tag('description', rule.Description)}</item></ipv6Ranges>`
      : rule.PrefixListId
        ? `<prefixListIds><item>${tag('prefixListId', rule.PrefixListId)}</item></prefixListIds>`
        : `<groups><item>${tag('groupId', rule.ReferencedGroupInfo?.GroupId)}${tag('userId', rule.ReferencedGroupInfo?.UserId)}</item></groups>`;
  const ports =
    rule.IpProtocol === '-1' ? '' : `${tag('fromPort', rule.FromPort)}${tag('toPort', rule.ToPort)}`;
  return `<item>${tag('ipProtocol', rule.IpProtocol)}${ports}${peer}</item>`;
}

function groupXml(group: GroupSnapshot): string {
  const rules = (egress: boolean) =>
    group.rules
      .filter((rule) => (rule.IsEgress ?? false) === egress)
      .map(permissionXml)
      .join('');
  const tags = Object.entries(group.tags)
    .map(([key, value]) => `<item>${tag('key', key)}${tag('value', value)}</item>`)
    .join('');
  return `<item>${tag('ownerId', group.ownerId)}${tag('groupId', group.groupId)}${tag('groupName', group.groupName)}${tag('groupDescription', group.description)}${tag('vpcId', group.vpcId)}<ipPermissions>${rules(false)}</ipPermissions><ipPermissionsEgress>${rules(true)}</ipPermissionsEgress><tagSet>${tags}</tagSet></item>`;
}

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
/** The path a sample calls between its first and its warm invocation. */
const FIRST_DONE = '__first-invocation-done';

interface Endpoint {
  server: Server;
  url: string;
  /** Operations answered since the last call, the first invocation's before FIRST_DONE. */
  take(): string[];
}

/** Answers what one reconcile asks (Organizations, STS, EC2, SNS) from the sandbox's groups. */
async function startEndpoint(groups: Map<string, GroupSnapshot>, account: string): Promise<Endpoint> {
  let calls: string[] = [];
  const read = (request: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => resolve(body));
      request.on('error', reject);
    });
  const server = createServer((request, response) => {
    void read(request).then((body) => {
      if (request.url === `/${FIRST_DONE}`) {
        calls.push(FIRST_DONE);
        response.end();
        return;
      }
      // The signing scope names the service: Credential=<key>/<date>/<region>/<service>/aws4_request.
      const service = /\/([a-z0-9-]+)\/aws4_request/.exec(request.headers.authorization ?? '')?.[1] ?? '?';
      const target = request.headers['x-amz-target'];
      if (typeof target === 'string') {
        const operation = target.split('.').pop() ?? target;
        calls.push(`${service}:${operation}`);
        const answer =
          operation === 'DescribeAccount'
            ? {
                Account: {
                  Id: account,
                  Arn: `arn:aws:organizations::${HUB_ACCOUNT}:account/o-bench/${account}`,
                  Email: 'workload@example.com',
                  Name: 'workload-0',
                  Status: 'ACTIVE',
                  State: 'ACTIVE',
                  JoinedMethod: 'CREATED',
                  JoinedTimestamp: 1_700_000_000,
                },
              }
            : operation === 'ListParents'
              ? { Parents: [{ Id: 'r-bench', Type: 'ROOT' }] }
              : {};
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(answer));
        return;
      }
      const params = new URLSearchParams(body);
      const action = params.get('Action') ?? 'Unknown';
      calls.push(`${service}:${action}`);
      const groupId = /sg-[0-9a-f]+/.exec(decodeURIComponent(body))?.[0];
      const group = groupId === undefined ? undefined : groups.get(groupId);
      let payload: string;
      if (action === 'AssumeRole') {
        payload = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIABENCH</AccessKeyId><SecretAccessKey>bench</SecretAccessKey><SessionToken>bench</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROABENCH:guardrail</AssumedRoleId><Arn>arn:aws:sts::${account}:assumed-role/guardrail-remediation/guardrail</Arn></AssumedRoleUser>${tag('SourceIdentity', params.get('SourceIdentity') ?? undefined)}</AssumeRoleResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></AssumeRoleResponse>`;
      } else if (action === 'Publish') {
        payload = `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>bench-${calls.length}</MessageId></PublishResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></PublishResponse>`;
      } else if (action === 'DescribeSecurityGroups') {
        payload = `<DescribeSecurityGroupsResponse xmlns="${EC2_NS}"><requestId>bench</requestId><securityGroupInfo>${group ? groupXml(group) : ''}</securityGroupInfo></DescribeSecurityGroupsResponse>`;
      } else if (action === 'DescribeSecurityGroupRules') {
        const rules = group ? group.rules.map((rule) => ruleXml(group, rule)).join('') : '';
        payload = `<DescribeSecurityGroupRulesResponse xmlns="${EC2_NS}"><requestId>bench</requestId><securityGroupRuleSet>${rules}</securityGroupRuleSet></DescribeSecurityGroupRulesResponse>`;
      } else {
        // Revoke, authorize, tag: EC2's plain acknowledgement.
        payload = `<${action}Response xmlns="${EC2_NS}"><requestId>bench</requestId><return>true</return></${action}Response>`;
      }
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    take() {
      const taken = calls;
      calls = [];
      return taken;
    },
  };
}

// ---------------------------------------------------------------------------------------------

interface Sample {
  requireMs: number;
  firstMs: number;
  warmMs: number;
  first?: { batchItemFailures?: unknown[] };
  warm?: { batchItemFailures?: unknown[] }[];
  error?: string;
}

function runSample(
  script: string,
  bundle: string,
  events: string,
  env: NodeJS.ProcessEnv,
  out: string,
): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, bundle, events, out], {
      env,
      // The hub's logs and EMF metrics go to stdout, as in Lambda; nobody reads them here.
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!existsSync(out)) {
        reject(new Error(`a cold-start sample wrote nothing (exit ${code ?? signal}): ${bundle}`));
        return;
      }
      try {
        const sample = JSON.parse(readFileSync(out, 'utf8')) as Sample;
        rmSync(out);
        if (sample.error) reject(new Error(`cold-start sample failed: ${sample.error}`));
        else if (
          (sample.first?.batchItemFailures?.length ?? 1) > 0 ||
          (sample.warm ?? []).some((w) => (w.batchItemFailures?.length ?? 1) > 0)
        )
          reject(new Error(`the hub did not process the bench events: ${JSON.stringify(sample)}`));
        else resolve(sample);
      } catch (error) {
        reject(error);
      }
    });
  });
}

function timing(samples: Sample[]): TimingFigures {
  const median = (values: number[]) =>
    round(
      percentile(
        [...values].sort((a, b) => a - b),
        50,
      ),
      1,
    );
  return {
    samples: samples.length,
    requireMs: median(samples.map((s) => s.requireMs)),
    firstInvocationMs: median(samples.map((s) => s.firstMs)),
    coldMs: median(samples.map((s) => s.requireMs + s.firstMs)),
    warmInvocationMs: median(samples.map((s) => s.warmMs)),
  };
}

/** Real events (a person opens SSH to the world on opted-in groups, one each) and the groups after them. */
async function benchEvents(count: number): Promise<{
  bodies: string[];
  groups: Map<string, GroupSnapshot>;
  account: string;
}> {
  const world = createBenchWorld(1);
  const account = accountId(0);
  const region = REGIONS[0];
  try {
    const groups = new Map<string, GroupSnapshot>();
    const bodies: string[] = [];
    for (const name of Array.from({ length: count }, (_, i) => `bench-${i}`)) {
      const groupId = world.seedGroup(account, region, name);
      bodies.push(JSON.stringify(await world.openSsh(account, region, groupId)));
      const group = world.sb.ec2.getGroup(account, region, groupId);
      if (!group || group.tags[DEFAULT_TAG_KEYS.policy] === undefined)
        throw new Error('no opted-in bench group');
      groups.set(groupId, group);
    }
    return { bodies, groups, account };
  } finally {
    world.destroy();
  }
}

export async function coldStart(samples = 11): Promise<ColdStartResult> {
  const root = mkdtempSync(join(tmpdir(), 'guardrail-cold-start-'));
  try {
    const dirs = buildBundles(root);
    // The first event for the first invocation, the others for warm ones (their median is reported).
    const { bodies, groups, account } = await benchEvents(1 + WARM_INVOCATIONS);
    const events = join(root, 'events.json');
    writeFileSync(
      events,
      JSON.stringify(
        bodies.map((body, i) => ({
          Records: [
            sqsRecord({
              messageId: `m-${i}`,
              receiptHandle: `r-${i}`,
              body,
              senderId: 'events.amazonaws.com',
            }),
          ],
        })),
      ),
    );
    const script = join(root, 'sample.cjs');
    writeFileSync(script, SAMPLE_SCRIPT);
    const endpoint = await startEndpoint(groups, account);
    try {
      const base: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ENDPOINT_URL: endpoint.url,
        AWS_REGION: REGIONS[0],
        AWS_ACCESS_KEY_ID: 'AKIABENCH',
        AWS_SECRET_ACCESS_KEY: 'bench',
        AWS_LAMBDA_FUNCTION_NAME: 'guardrail-hub',
        ...(process.env.GUARDRAIL_BENCH_CPU_PROF
          ? { GUARDRAIL_BENCH_CPU_PROF: process.env.GUARDRAIL_BENCH_CPU_PROF }
          : {}),
        [HUB_ENV.topicArn]: `arn:aws:sns:${REGIONS[0]}:${HUB_ACCOUNT}:guardrail-alerts`,
        // What infra sets on the live-event function (hub-environment.ts), resources by name.
        [HUB_ENV.hubRoleArn]: `arn:aws:iam::${HUB_ACCOUNT}:role/guardrail-hub`,
        [HUB_ENV.stateTable]: 'guardrail-state',
        [HUB_ENV.deadLetterQueueUrl]: `https://sqs.${REGIONS[0]}.amazonaws.com/${HUB_ACCOUNT}/guardrail-hub-dlq`,
        [HUB_ENV.recheckQueueUrl]: `https://sqs.${REGIONS[0]}.amazonaws.com/${HUB_ACCOUNT}/guardrail-sweep`,
        [HUB_ENV.hubEventBusArn]: `arn:aws:events:${REGIONS[0]}:${HUB_ACCOUNT}:event-bus/guardrail-hub`,
        [HUB_ENV.maxConcurrency]: '16',
        [HUB_ENV.claimTtlSeconds]: '90',
      };
      const variants = {
        reference: {
          bundle: join(dirs.reference, 'index.js'),
          env: { ...base, [HUB_ENV.policyFile]: POLICY_YAML, NODE_OPTIONS: '--enable-source-maps' },
        },
        current: {
          bundle: join(dirs.current, 'index.js'),
          env: { ...base, [HUB_ENV.compiledPolicyFile]: join(dirs.current, 'guardrail-policies.json') },
        },
        currentWithSourceMaps: {
          bundle: join(dirs.current, 'index.js'),
          env: {
            ...base,
            [HUB_ENV.compiledPolicyFile]: join(dirs.current, 'guardrail-policies.json'),
            NODE_OPTIONS: '--enable-source-maps',
          },
        },
      };
      const results: Record<keyof typeof variants, Sample[]> = {
        reference: [],
        current: [],
        currentWithSourceMaps: [],
      };
      let firstInvocationCalls: string[] = [];
      // One unmeasured round first: the file system cache and the endpoint warmed for every variant.
      for (let round = -1; round < samples; round++) {
        for (const [name, variant] of Object.entries(variants) as [
          keyof typeof variants,
          (typeof variants)['current'],
        ][]) {
          endpoint.take();
          const sample = await runSample(script, variant.bundle, events, variant.env, join(root, 'out.json'));
          const calls = endpoint.take();
          if (name === 'current' && round === 0)
            firstInvocationCalls = calls.slice(0, calls.indexOf(FIRST_DONE));
          if (round >= 0) results[name].push(sample);
        }
      }
      const reference = { bundle: bundleFigures(dirs.reference), timing: timing(results.reference) };
      const current = { bundle: bundleFigures(dirs.current), timing: timing(results.current) };
      const ratio = (a: number, b: number) => round(a / b, 2);
      return {
        node: process.version,
        reference,
        current,
        sweepBundle: bundleFigures(dirs.sweep),
        currentWithSourceMaps: { timing: timing(results.currentWithSourceMaps) },
        ratio: {
          bundleBytes: ratio(current.bundle.bytes, reference.bundle.bytes),
          requireMs: ratio(current.timing.requireMs, reference.timing.requireMs),
          firstInvocationMs: ratio(current.timing.firstInvocationMs, reference.timing.firstInvocationMs),
          coldMs: ratio(current.timing.coldMs, reference.timing.coldMs),
          warmMs: ratio(current.timing.warmInvocationMs, reference.timing.warmInvocationMs),
        },
        firstInvocationCalls,
        met: {
          bundleBytes: current.bundle.bytes < TARGET_BUNDLE_BYTES,
          cold: current.timing.coldMs <= reference.timing.coldMs * TARGET_COLD_RATIO,
        },
      };
    } finally {
      endpoint.server.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => round(bytes / 1024, 1);

/** The report's lines: bundle bytes by package (both bundles), cold and warm times, the ratios. */
export function coldStartRows(
  result: ColdStartResult,
  row: (label: string, value: string, target?: string, verdict?: string) => string,
): string[] {
  const { reference, current, currentWithSourceMaps: maps, ratio } = result;
  const meets = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const referenceBytes = new Map(reference.bundle.packages);
  const currentBytes = new Map(current.bundle.packages);
  const names = [
    ...new Set([...reference.bundle.packages, ...current.bundle.packages].map(([name]) => name)),
  ];
  const top = names.sort((a, b) => (referenceBytes.get(b) ?? 0) - (referenceBytes.get(a) ?? 0)).slice(0, 14);
  const both = (a: number, b: number, unit: string) => `${a} -> ${b} ${unit}`;
  const ms = (key: keyof TimingFigures) => both(reference.timing[key], current.timing[key], 'ms');
  return [
    '',
    `cold start of the live-event Lambda (a fresh node process per sample, median of ${current.timing.samples}): reference -> current`,
    '  reference: one bundle for both functions, the old build options (no schema plugin), YAML policies, full zod,',
    "  --enable-source-maps; current: the live-event function's own bundle (event-lambda.ts, no sweep parts)",
    row(
      'bundle, minified',
      both(kb(reference.bundle.bytes), kb(current.bundle.bytes), 'KB'),
      `< ${kb(TARGET_BUNDLE_BYTES)} KB`,
      meets(result.met.bundleBytes),
    ),
    ...top.map((name) =>
      row(`  ${name}`, both(kb(referenceBytes.get(name) ?? 0), kb(currentBytes.get(name) ?? 0), 'KB')),
    ),
    row(
      "the sweep function's bundle (lambda.ts: the whole hub and the planner)",
      both(kb(reference.bundle.bytes), kb(result.sweepBundle.bytes), 'KB'),
      `< ${kb(TARGET_BUNDLE_BYTES)} KB`,
      meets(result.sweepBundle.bytes < TARGET_BUNDLE_BYTES),
    ),
    row(
      'source map (in the asset; loaded only with --enable-source-maps)',
      both(kb(reference.bundle.mapBytes), kb(current.bundle.mapBytes), 'KB'),
    ),
    row('require(bundle)', ms('requireMs')),
    row('first invocation: build the hub, one event reverted and alerted', ms('firstInvocationMs')),
    row('require + first invocation', ms('coldMs')),
    row('  current / reference', String(ratio.coldMs), `<= ${TARGET_COLD_RATIO}`, meets(result.met.cold)),
    row(`warm invocation (one event; median of ${WARM_INVOCATIONS} per process)`, ms('warmInvocationMs')),
    row(
      'current with --enable-source-maps: require / + first invocation',
      `${maps.timing.requireMs} / ${maps.timing.coldMs} ms`,
    ),
    `  the first invocation's ${result.firstInvocationCalls.length} AWS calls (local endpoint): ${result.firstInvocationCalls.join(', ')}`,
  ];
}

if (require.main === module) {
  coldStart()
    .then((result) => {
      const row = (label: string, value: string, target = '', verdict = '') =>
        `  ${label.padEnd(64)} ${value.padStart(20)}  ${target.padEnd(8)} ${verdict}`.trimEnd();
      process.stdout.write(`${coldStartRows(result, row).join('\n')}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(
        `cold-start bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    });
}
