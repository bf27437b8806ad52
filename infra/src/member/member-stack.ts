import { IAM_EVENTS_REGION } from '@guardrail/core';
import {
  Aws,
  CfnCondition,
  CfnParameter,
  DefaultStackSynthesizer,
  aws_events as events,
  Fn,
  aws_iam as iam,
  Stack,
  type StackProps,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag';
import {
  buildForwardingPattern,
  buildRoleWatchPattern,
  buildWatchdogPattern,
  type MemberRuleNames,
} from './event-pattern';
import { ACCOUNT_ID_PATTERN, ARN_PARTITION_PATTERN, REGION_PATTERN, ROLE_NAME_PATTERN } from './patterns';

export interface MemberStackProps extends StackProps {
  /** Defaults of the parameters (the StackSet passes them explicitly too). */
  hubEventBusArn: string;
  hubRoleArn: string;
  globalResourcesRegion: string;
  remediationRoleName: string;
  /** Baked in (not parameters): they appear in the event patterns, the role names and conditions. */
  ruleNames: MemberRuleNames;
  /** The queue where events the rules could not deliver to the hub bus land (one per region). */
  forwardingDeadLetterQueue: string;
  policyTagKey: string;
  modeTagKey: string;
  /**
   * The policies whose opt-in is sticky (`optOut: restore`). When there are any, the role may put
   * an opt-in back: CreateTags of the opt-in tag (to these values only) and the mode tag (to
   * `enforce` only), and of no other key. Without any, the role cannot tag at all.
   */
  stickyPolicies: readonly string[];
  /** The SourceIdentity the hub sets on every session (marks its own calls in CloudTrail). */
  sourceIdentity: string;
}

/**
 * The actions the hub uses to repair a group: nothing else is mutating. The description updates
 * put a lock policy's baseline descriptions back (they change no rule's reach).
 */
export const REMEDIATION_ACTIONS = [
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:RevokeSecurityGroupEgress',
  'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
  'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
];
export const DESCRIBE_ACTIONS = ['ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules'];
/** Putting a sticky opt-in back (only when some policy says `optOut: restore`). */
export const RESTORE_OPT_IN_ACTIONS = ['ec2:CreateTags'];
/**
 * Reading managed prefix lists, so that a rule from a customer-managed list is judged as the CIDRs
 * it holds (docs/policies.md, "Prefix lists"): the list (owner, name, version), its entries, and
 * the groups that reference it. Read-only: the role can change no list.
 */
/**
 * The forwarding health check (the hub, through this role): each member rule's state, pattern and
 * targets, and the depth of the forwarding dead-letter queue. Read-only, on those resources only.
 */
export const HEALTH_RULE_ACTIONS = ['events:DescribeRule', 'events:ListTargetsByRule'];
export const HEALTH_QUEUE_ACTIONS = ['sqs:GetQueueUrl', 'sqs:GetQueueAttributes'];
/** How long an undelivered event stays in the forwarding dead-letter queue (the check alerts long before). */
export const FORWARDING_DLQ_RETENTION_SECONDS = 4 * 24 * 3600;
/** EventBridge's own retries to the hub bus before the dead-letter queue, set explicitly. */
export const FORWARDING_RETRY_POLICY = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 24 * 3600 };
export const PREFIX_LIST_DESCRIBE_ACTIONS = ['ec2:DescribeManagedPrefixLists'];
export const PREFIX_LIST_READ_ACTIONS = [
  'ec2:GetManagedPrefixListEntries',
  'ec2:GetManagedPrefixListAssociations',
];

/**
 * CreateTags for a sticky opt-in put back, as narrow as IAM can say it: security groups of this
 * account only, the opt-in and mode tag keys only (every key of the request must be one of them,
 * and the request must name some), the opt-in tag only to a sticky policy, the mode tag only to
 * `enforce`. The group has lost its opt-in tag by then, so no aws:ResourceTag condition can apply.
 */
function restoreOptInStatements(props: MemberStackProps, securityGroups: string): object[] {
  if (props.stickyPolicies.length === 0) return [];
  return [
    {
      Sid: 'RestoreStickyOptIns',
      Effect: 'Allow',
      Action: RESTORE_OPT_IN_ACTIONS,
      Resource: securityGroups,
      Condition: {
        'ForAllValues:StringEquals': { 'aws:TagKeys': [props.policyTagKey, props.modeTagKey] },
        Null: { 'aws:TagKeys': 'false' },
        StringEqualsIfExists: {
          [`aws:RequestTag/${props.policyTagKey}`]: [...props.stickyPolicies],
          [`aws:RequestTag/${props.modeTagKey}`]: 'enforce',
        },
      },
    },
  ];
}

/**
 * The template every enrolled account gets in every target region, through a service-managed
 * StackSet. StackSet-safe: no assets, no bootstrap version rule (member accounts are not
 * bootstrapped), no analytics metadata, and every input a parameter with an `AllowedPattern`.
 */
export class MemberStack extends Stack {
  constructor(scope: Construct, id: string, props: MemberStackProps) {
    super(scope, id, {
      ...props,
      analyticsReporting: false,
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    });

    const hubEventBusArn = new CfnParameter(this, 'HubEventBusArn', {
      type: 'String',
      description: 'ARN of the Guardrail hub event bus the forwarding rule targets.',
      default: props.hubEventBusArn,
      allowedPattern: `^arn:${ARN_PARTITION_PATTERN}:events:${REGION_PATTERN}:${ACCOUNT_ID_PATTERN}:event-bus/[\\w.\\-]{1,256}$`,
    });
    const hubRoleArn = new CfnParameter(this, 'HubRoleArn', {
      type: 'String',
      description: 'Exact ARN of the hub Lambda role, the only principal trusted by the remediation role.',
      default: props.hubRoleArn,
      allowedPattern: `^arn:${ARN_PARTITION_PATTERN}:iam::${ACCOUNT_ID_PATTERN}:role/${ROLE_NAME_PATTERN}$`,
    });
    const globalRegion = new CfnParameter(this, 'GlobalResourcesRegion', {
      type: 'String',
      description: 'The one region where account-global resources (the IAM remediation role) are created.',
      default: props.globalResourcesRegion,
      allowedPattern: `^${REGION_PATTERN}$`,
    });
    const remediationRoleName = new CfnParameter(this, 'RemediationRoleName', {
      type: 'String',
      description: 'Name of the remediation role the hub assumes in this account.',
      default: props.remediationRoleName,
      allowedPattern: `^${ROLE_NAME_PATTERN}$`,
    });

    // The forwarder role is regional on purpose, with a fixed name per region (`<prefix><region>`):
    // the regions of one account never collide, and the protection SCP can name it. It can PutEvents
    // on the hub bus and nothing else.
    const { ruleNames } = props;
    const forwarderRole = new iam.CfnRole(this, 'ForwarderRole', {
      roleName: `${ruleNames.forwarderRolePrefix}${Aws.REGION}`,
      description: 'Guardrail: forwards security group events to the hub bus.',
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
          },
        ],
      },
      policies: [
        {
          policyName: 'put-events-on-hub-bus',
          policyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'events:PutEvents', Resource: hubEventBusArn.valueAsString },
            ],
          },
        },
      ],
    });

    // Events a rule could not deliver to the hub bus (after EventBridge's retries) land here, not
    // in silence; the hub's health check reads its depth.
    const ruleArn = (name: string) =>
      `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/${name}`;
    const deadLetters = new sqs.CfnQueue(this, 'ForwardingDeadLetterQueue', {
      queueName: props.forwardingDeadLetterQueue,
      sqsManagedSseEnabled: true,
      messageRetentionPeriod: FORWARDING_DLQ_RETENTION_SECONDS,
    });
    new sqs.CfnQueuePolicy(this, 'ForwardingDeadLetterQueuePolicy', {
      queues: [deadLetters.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OnlyGuardrailRulesDeadLetter',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: deadLetters.attrArn,
            Condition: {
              ArnEquals: {
                'aws:SourceArn': [
                  ruleNames.forwardingRule,
                  ruleNames.watchdogRule,
                  ruleNames.roleWatchRule,
                ].map(ruleArn),
              },
            },
          },
          {
            Sid: 'TlsOnly',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sqs:*',
            Resource: deadLetters.attrArn,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    });
    acknowledge(
      deadLetters,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of the member rules: it has none of its own.',
    );
    const hubTarget = {
      id: 'guardrail-hub-bus',
      arn: hubEventBusArn.valueAsString,
      roleArn: forwarderRole.attrArn,
      deadLetterConfig: { arn: deadLetters.attrArn },
      retryPolicy: FORWARDING_RETRY_POLICY,
    };

    new events.CfnRule(this, 'ForwardingRule', {
      name: ruleNames.forwardingRule,
      description: 'Guardrail: security group changes and tampering with its rules, to the hub.',
      eventBusName: 'default',
      state: 'ENABLED',
      eventPattern: buildForwardingPattern(ruleNames),
      targets: [hubTarget],
    });
    // Disabling the forwarding rule cannot be forwarded by that rule: this one forwards it (and the
    // forwarding rule forwards tampering with this one).
    new events.CfnRule(this, 'WatchdogRule', {
      name: ruleNames.watchdogRule,
      description: 'Guardrail: tampering with its member rules, to the hub.',
      eventBusName: 'default',
      state: 'ENABLED',
      eventPattern: buildWatchdogPattern(ruleNames),
      targets: [hubTarget],
    });
    // IAM's CloudTrail events reach EventBridge in us-east-1 only, whatever the global resources region.
    const inIamEventsRegion = new CfnCondition(this, 'InIamEventsRegion', {
      expression: Fn.conditionEquals(Aws.REGION, IAM_EVENTS_REGION),
    });
    const roleWatch = new events.CfnRule(this, 'RoleWatchRule', {
      name: ruleNames.roleWatchRule,
      description: 'Guardrail: changes to its member roles, to the hub.',
      eventBusName: 'default',
      state: 'ENABLED',
      eventPattern: buildRoleWatchPattern(ruleNames),
      targets: [hubTarget],
    });
    roleWatch.cfnOptions.condition = inIamEventsRegion;

    // IAM is global while a StackSet instance is regional: the remediation role (a fixed name the hub
    // builds ARNs from) is created by exactly one instance per account, the one in the global
    // resources region. A condition keeps it one template and one StackSet, so enrolment of an
    // account is a single operation and the role leaves with the account.
    const inGlobalRegion = new CfnCondition(this, 'InGlobalResourcesRegion', {
      expression: Fn.conditionEquals(Aws.REGION, globalRegion.valueAsString),
    });
    const remediationRole = new iam.CfnRole(this, 'RemediationRole', {
      roleName: remediationRoleName.valueAsString,
      description: 'Guardrail: the hub repairs opted-in security groups through this role.',
      maxSessionDuration: 3600,
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OnlyTheHubRole',
            Effect: 'Allow',
            Principal: { AWS: hubRoleArn.valueAsString },
            Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
            // Every session must carry the guardrail's SourceIdentity: it cannot be changed inside the
            // session, so each call the role makes is attributable (and the hub's loop guard holds).
            Condition: { StringEquals: { 'sts:SourceIdentity': props.sourceIdentity } },
          },
        ],
      },
      policies: [
        {
          policyName: 'remediate-opted-in-security-groups',
          policyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'MutateOnlyOptedInGroups',
                Effect: 'Allow',
                Action: REMEDIATION_ACTIONS,
                Resource: `arn:${Aws.PARTITION}:ec2:*:${Aws.ACCOUNT_ID}:security-group/*`,
                Condition: { Null: { [`aws:ResourceTag/${props.policyTagKey}`]: 'false' } },
              },
              { Sid: 'ReadSecurityGroups', Effect: 'Allow', Action: DESCRIBE_ACTIONS, Resource: '*' },
              {
                Sid: 'ReadForwardingHealth',
                Effect: 'Allow',
                Action: HEALTH_RULE_ACTIONS,
                Resource: [ruleNames.forwardingRule, ruleNames.watchdogRule, ruleNames.roleWatchRule].map(
                  (name) => `arn:${Aws.PARTITION}:events:*:${Aws.ACCOUNT_ID}:rule/${name}`,
                ),
              },
              {
                Sid: 'ReadForwardingDeadLetterDepth',
                Effect: 'Allow',
                Action: HEALTH_QUEUE_ACTIONS,
                Resource: `arn:${Aws.PARTITION}:sqs:*:${Aws.ACCOUNT_ID}:${props.forwardingDeadLetterQueue}`,
              },
              {
                Sid: 'DescribePrefixLists',
                Effect: 'Allow',
                Action: PREFIX_LIST_DESCRIBE_ACTIONS,
                Resource: '*',
              },
              ...restoreOptInStatements(
                props,
                `arn:${Aws.PARTITION}:ec2:*:${Aws.ACCOUNT_ID}:security-group/*`,
              ),
              {
                // Any owner: the account's own lists, lists shared with it (AWS RAM: another account
                // in the ARN) and AWS-managed ones (`aws` in the ARN).
                Sid: 'ReadPrefixLists',
                Effect: 'Allow',
                Action: PREFIX_LIST_READ_ACTIONS,
                Resource: `arn:${Aws.PARTITION}:ec2:*:*:prefix-list/*`,
              },
            ],
          },
        },
      ],
    });
    remediationRole.cfnOptions.condition = inGlobalRegion;
    acknowledge(
      remediationRole,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:*:<AWS::AccountId>:security-group/*]',
      'Opted-in groups are not known in advance: the mutations cover every security group of this account in any ' +
        'region, but only those carrying the opt-in tag (aws:ResourceTag Null condition); a sticky opt-in put back ' +
        '(ec2:CreateTags) only for the opt-in and mode tag keys, to a sticky policy and to enforce.',
    );
    acknowledge(
      remediationRole,
      'AwsSolutions-IAM5[Resource::*]',
      'Only ec2:DescribeSecurityGroups, ec2:DescribeSecurityGroupRules and ec2:DescribeManagedPrefixLists: they ' +
        'support no resource-level permissions.',
    );
    // The health reads name each rule and the queue exactly; only the region is open (one role, every region).
    for (const name of [ruleNames.forwardingRule, ruleNames.watchdogRule, ruleNames.roleWatchRule]) {
      acknowledge(
        remediationRole,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:*:<AWS::AccountId>:rule/${name}]`,
        'The forwarding health check reads this one Guardrail rule (DescribeRule, ListTargetsByRule) in every ' +
          'region of the account: the role is global, the rule regional.',
      );
    }
    acknowledge(
      remediationRole,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:*:<AWS::AccountId>:${props.forwardingDeadLetterQueue}]`,
      'The forwarding health check reads the depth of this one Guardrail queue (GetQueueAttributes) in every ' +
        'region of the account: the role is global, the queue regional.',
    );
    acknowledge(
      remediationRole,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:*:*:prefix-list/*]',
      'Read-only (ec2:GetManagedPrefixListEntries, ec2:GetManagedPrefixListAssociations) on the prefix lists the ' +
        'opted-in groups reference: not known in advance, and owned by this account, by another one that shares ' +
        'them, or by AWS.',
    );
  }
}
