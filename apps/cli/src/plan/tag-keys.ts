/**
 * `--tag-policy` / `--tag-mode`: the tag keys that opt a group in and override its mode. The
 * same defaults as the hub, and the hub's variables (GUARDRAIL_TAG_POLICY, GUARDRAIL_TAG_MODE)
 * honoured as defaults, so a plan run beside a hub's configuration reads groups as the hub does;
 * a flag wins over the variable. As the hub, an empty variable means the default.
 */
import { DEFAULT_TAG_KEYS, HUB_ENV, type TagKeys } from '@guardrail/core';
import { CliInputError } from '../io';

export interface TagKeyFlags {
  tagPolicy?: string;
  tagMode?: string;
}

type Env = Record<string, string | undefined>;

function tagKey(flag: string, variable: string, value: string | undefined, env: Env, fallback: string) {
  const given = value ?? (env[variable] === '' ? undefined : env[variable]);
  if (given === undefined) return fallback;
  const key = given.trim();
  const from = value === undefined ? variable : flag;
  // EC2 tag keys: 1 to 128 characters.
  if (key === '') throw new CliInputError(`${from}: a tag key cannot be empty`);
  if (key.length > 128)
    throw new CliInputError(`${from}: a tag key is at most 128 characters (got ${key.length})`);
  return key;
}

export function resolveTagKeys(flags: TagKeyFlags, env: Env): TagKeys {
  const policy = tagKey('--tag-policy', HUB_ENV.tagPolicy, flags.tagPolicy, env, DEFAULT_TAG_KEYS.policy);
  const mode = tagKey('--tag-mode', HUB_ENV.tagMode, flags.tagMode, env, DEFAULT_TAG_KEYS.mode);
  if (policy === mode)
    throw new CliInputError(
      `--tag-policy and --tag-mode: both are ${JSON.stringify(policy)}: the opt-in and the mode need their own tags`,
    );
  return { policy, mode };
}
