/**
 * What the demo tells: a timeline per story, each story's outcome and the alerts it produced, then
 * the organization's posture the stories left.
 */
import type { PostureReport } from '@guardrail/core';

/** One alert as a person receives it by email: the SNS subject and the email body. */
export interface ReceivedAlert {
  subject: string;
  body: string;
  severity: string;
  /** The SNS message attributes (severity, account, region, outcome, policy). */
  attributes: Record<string, string>;
}

export type TimelineKind = 'act' | 'deliver' | 'decide' | 'skip' | 'alert' | 'state' | 'note';

export interface TimelineEntry {
  /** Milliseconds since the demo started (the sandbox clock). */
  at: number;
  kind: TimelineKind;
  /** Who: a person's label, `hub`, `sns`, `ec2`. */
  who: string;
  text: string;
  alert?: ReceivedAlert;
}

export interface StoryCheck {
  /** What should be true: "tcp 22 from 0.0.0.0/0 is gone". */
  name: string;
  ok: boolean;
}

export interface StoryReport {
  id: string;
  title: string;
  /** The outcome the story expects, in words. */
  expected: string;
  /** What the hub decided for the story's group (`remediated`, `audit`, ...) or did with the events. */
  outcome: string;
  ok: boolean;
  checks: StoryCheck[];
  group?: { account: string; accountName: string; region: string; groupId: string; groupName: string };
  /** The group's rules after the hub ran, in words. */
  rulesAfter: string[];
  alerts: ReceivedAlert[];
  timeline: TimelineEntry[];
}

export interface DemoReport {
  seed: number;
  startedAt: string;
  organization: {
    id: string;
    hub: { account: string; name: string; topicArn: string };
    accounts: { id: string; name: string; remediationRole: boolean }[];
    regions: string[];
  };
  stories: StoryReport[];
  /** The posture after the stories, as `guardrail report --org` reads it (it never decides `ok`). */
  posture: DemoPosture;
  /** Whether every story ended as expected. */
  ok: boolean;
}

/** The organization's posture after the stories, and how it was read. */
export interface DemoPosture {
  /** The role that lists the organization's accounts (`--org-role-arn`). */
  orgRoleArn: string;
  /** The role assumed in each account (`--role-name`). */
  roleName: string;
  /** The posture; absent when nothing could be read at all (see `error`). */
  report?: PostureReport;
  /** Why the accounts could not even be listed. */
  error?: string;
}
