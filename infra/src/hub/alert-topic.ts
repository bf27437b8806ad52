import {
  aws_iam as iam,
  aws_kms as kms,
  RemovalPolicy,
  Stack,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface AlertTopicProps {
  emails: readonly string[];
  httpsEndpoints: readonly string[];
}

/**
 * The one alert stream (design.md section 6): an SNS topic encrypted with a customer managed key.
 * The key policy names the services that publish to it (CloudWatch alarms); the hub role gets its
 * key and publish rights through `grantPublish`, scoped to this key and topic only. The hub's one
 * customer managed key: the sweep results bucket is encrypted with it too (SweepResultsBucket).
 */
export class AlertTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Guardrail: encrypts the alert topic and the sweep results.',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms publish to the encrypted topic: they need the key for that topic's messages.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        // Only alarms of this account (no confused deputy through another account's alarms).
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Guardrail alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of props.emails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    for (const url of props.httpsEndpoints) {
      this.topic.addSubscription(
        new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS }),
      );
    }
  }
}
