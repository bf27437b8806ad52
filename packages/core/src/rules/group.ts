/**
 * A security group as `aws ec2 describe-security-groups` prints it (optionally with the rules of
 * `describe-security-group-rules`), turned into the SecurityGroupState Guardrail reasons about.
 */
import { GuardrailError } from '../errors';
import { ruleFromSecurityGroupRule, rulesFromIpPermissions } from './convert';
import {
  childPath,
  type Element,
  expectObject,
  type JsonObject,
  optionalArray,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalString,
  requiredString,
  ShapeError,
} from './json-shape';
import { EC2_API_DIALECT, readIpPermission } from './permission-reader';
import type { IpPermission, SecurityGroupRule, SecurityGroupState } from './types';

/** One element of `describe-security-groups`' `SecurityGroups`. */
export interface Ec2SecurityGroup {
  GroupId?: string;
  GroupName?: string;
  Description?: string;
  OwnerId?: string;
  VpcId?: string;
  Tags?: { Key?: string; Value?: string }[];
  IpPermissions?: IpPermission[];
  IpPermissionsEgress?: IpPermission[];
}

/** A group document that is not what describe-security-groups prints; `path` names the bad field. */
export class GroupDocumentError extends GuardrailError {
  override readonly name = 'GroupDocumentError';
  constructor(
    message: string,
    readonly file: string | undefined,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function tagsOf(group: Ec2SecurityGroup): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of group.Tags ?? []) {
    if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  }
  return tags;
}

/**
 * The group's state. When `rules` (describe-security-group-rules) name this group, they are used,
 * so rule ids are known; otherwise the rules come from IpPermissions / IpPermissionsEgress.
 */
export function groupStateFromEc2(group: Ec2SecurityGroup, rules?: SecurityGroupRule[]): SecurityGroupState {
  const groupId = group.GroupId ?? '';
  const own = (rules ?? []).filter((rule) => rule.GroupId === undefined || rule.GroupId === groupId);
  const state: SecurityGroupState = {
    groupId,
    tags: tagsOf(group),
    rules:
      own.length > 0
        ? own.map(ruleFromSecurityGroupRule)
        : [
            ...rulesFromIpPermissions(group.IpPermissions, 'ingress'),
            ...rulesFromIpPermissions(group.IpPermissionsEgress, 'egress'),
          ],
  };
  if (group.GroupName !== undefined) state.groupName = group.GroupName;
  if (group.VpcId !== undefined) state.vpcId = group.VpcId;
  if (group.Description !== undefined) state.description = group.Description;
  if (group.OwnerId !== undefined) state.ownerId = group.OwnerId;
  return state;
}

// --- validation of untrusted documents -------------------------------------------------------

function readList<T>(obj: JsonObject, key: string, path: string, read: (o: JsonObject, p: string) => T): T[] {
  return optionalArray(obj, key, path).map((element: Element) =>
    read(expectObject(element.value, element.path), element.path),
  );
}

function readPermission(obj: JsonObject, path: string): IpPermission {
  return readIpPermission(obj, path, EC2_API_DIALECT);
}

/** A list that is absent (or null) stays undefined: "no IpPermissionsEgress" is not "none". */
function readOptionalList<T>(
  obj: JsonObject,
  key: string,
  path: string,
  read: (o: JsonObject, p: string) => T,
): T[] | undefined {
  return !Object.hasOwn(obj, key) || obj[key] == null ? undefined : readList(obj, key, path, read);
}

function readGroup(obj: JsonObject, path: string): Ec2SecurityGroup {
  return {
    GroupId: requiredString(obj, 'GroupId', path),
    GroupName: optionalString(obj, 'GroupName', path),
    Description: optionalString(obj, 'Description', path),
    OwnerId: optionalString(obj, 'OwnerId', path),
    VpcId: optionalString(obj, 'VpcId', path),
    Tags: readList(obj, 'Tags', path, (o, p) => ({
      Key: requiredString(o, 'Key', p),
      Value: optionalString(o, 'Value', p) ?? '',
    })),
    IpPermissions: readOptionalList(obj, 'IpPermissions', path, readPermission),
    IpPermissionsEgress: readOptionalList(obj, 'IpPermissionsEgress', path, readPermission),
  };
}

function readSecurityGroupRule(obj: JsonObject, path: string): SecurityGroupRule {
  const referenced = optionalObject(obj, 'ReferencedGroupInfo', path);
  const rule: SecurityGroupRule = {
    SecurityGroupRuleId: optionalString(obj, 'SecurityGroupRuleId', path),
    GroupId: optionalString(obj, 'GroupId', path),
    IsEgress: optionalBoolean(obj, 'IsEgress', path),
    IpProtocol: requiredString(obj, 'IpProtocol', path),
    FromPort: optionalInteger(obj, 'FromPort', path),
    ToPort: optionalInteger(obj, 'ToPort', path),
    CidrIpv4: optionalString(obj, 'CidrIpv4', path),
    CidrIpv6: optionalString(obj, 'CidrIpv6', path),
    PrefixListId: optionalString(obj, 'PrefixListId', path),
    Description: optionalString(obj, 'Description', path),
  };
  if (referenced) {
    const at = childPath(path, 'ReferencedGroupInfo');
    rule.ReferencedGroupInfo = {
      GroupId: requiredString(referenced, 'GroupId', at),
      UserId: optionalString(referenced, 'UserId', at),
      VpcId: optionalString(referenced, 'VpcId', at),
      VpcPeeringConnectionId: optionalString(referenced, 'VpcPeeringConnectionId', at),
    };
  }
  if (!rule.CidrIpv4 && !rule.CidrIpv6 && !rule.PrefixListId && !rule.ReferencedGroupInfo) {
    throw new ShapeError(path, 'names no peer (CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupInfo)');
  }
  return rule;
}

/** The one group of the document and where it sits. */
function locateGroup(root: JsonObject): { group: JsonObject; path: string } {
  if (!Object.hasOwn(root, 'SecurityGroups')) return { group: root, path: '' };
  const groups = optionalArray(root, 'SecurityGroups', '');
  if (groups.length !== 1) {
    throw new ShapeError('SecurityGroups', `expected exactly one group, got ${groups.length}`);
  }
  const [only] = groups as [Element];
  return { group: expectObject(only.value, only.path), path: only.path };
}

/**
 * A group document read and shape-checked but not converted, with where each part sits, so a
 * caller can check its fields further and name them (the CLI's strict reading does). Lists
 * keep the indexes of the document.
 */
export interface GroupDocument {
  /** The group; `IpPermissions` / `IpPermissionsEgress` are undefined when the document omits them. */
  group: Ec2SecurityGroup;
  /** Where the group sits: `''` (a bare group) or `SecurityGroups[0]`. */
  groupPath: string;
  /** The document's `SecurityGroupRules` (every group's), `[]` when absent. */
  rules: SecurityGroupRule[];
  /** Where the object holding `SecurityGroupRules` (and its `NextToken`) sits. */
  rulesPath: string;
  /** The `NextToken` beside `SecurityGroupRules`: when set, the rules are one page only. */
  rulesNextToken?: string;
}

/**
 * Reads `{ SecurityGroups: [group], SecurityGroupRules?: [...] }` or a bare group object (which
 * may carry `SecurityGroupRules` itself). Throws GroupDocumentError naming file and field.
 */
export function readGroupDocument(json: unknown, file?: string): GroupDocument {
  try {
    const root = expectObject(json, '');
    const { group, path } = locateGroup(root);
    const rulesHolder = Object.hasOwn(root, 'SecurityGroupRules') ? root : group;
    const rulesPath = rulesHolder === root ? '' : path;
    const document: GroupDocument = {
      group: readGroup(group, path),
      groupPath: path,
      rules: readList(rulesHolder, 'SecurityGroupRules', rulesPath, readSecurityGroupRule),
      rulesPath,
    };
    const nextToken = optionalString(rulesHolder, 'NextToken', rulesPath);
    if (nextToken !== undefined) document.rulesNextToken = nextToken;
    return document;
  } catch (error) {
    // Only shape problems become GroupDocumentError; anything else is a bug to surface as is.
    if (!(error instanceof ShapeError)) throw error;
    const where = file ? `${file}: ` : '';
    throw new GroupDocumentError(`${where}${error.message}`, file, error.path || '(root)', { cause: error });
  }
}

/** The group of a document (see readGroupDocument) as Guardrail reasons about it. */
export function parseGroupDocument(json: unknown, file?: string): SecurityGroupState {
  const { group, rules } = readGroupDocument(json, file);
  return groupStateFromEc2(group, rules);
}
