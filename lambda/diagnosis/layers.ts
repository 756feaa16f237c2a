/**
 * Turns evidence into the compiled policy layers of the engine, once per document, noting
 * every gap in the `incomplete` log. A layer that cannot be known is `undefined`; a layer
 * known to be absent is `null` (or an empty list).
 */
import { compilePolicy } from '../engine/policy';
import type { CompiledPolicy, PolicyType } from '../engine/types';
import type { Evidence, Known, NamedPolicy, PolicyDocument, RoleEvidence } from '../evidence/evidence';
import type { IncompleteLog } from './incomplete';
import { accountOfArn } from '../engine/arn';

/** The principal side of a role's checks. */
export interface RoleLayers {
  /** The role ARN with its path when the evidence knows it, else as the job names it. */
  arn: string;
  account: string;
  roleName: string;
  /** The session SageMaker's requests are made as (contract section 6). */
  sessionArn: string;
  /** undefined: the role is not known; null: known not to exist. */
  role: RoleEvidence | null | undefined;
  /** Known identity policies (inline and attached). */
  identity: CompiledPolicy[];
  /** Some identity policy is unknown: the layer is not fully known. */
  identityIncomplete: boolean;
  /** undefined: unknown; null: no boundary. */
  boundary: CompiledPolicy | null | undefined;
  /** undefined: unknown; null: the role has none (or does not exist). */
  trust: CompiledPolicy | null | undefined;
}

export interface OrganizationLayers {
  /** undefined: unknown; absent organization: no id. */
  id?: string;
  /** undefined: unknown; []: no SCPs (no organization). */
  scps: CompiledPolicy[][] | undefined;
  rcps: CompiledPolicy[][] | undefined;
}

const roleNameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

/**
 * Compiles each document once per use (its policy type, name and ARN) and logs what fails. One
 * managed policy may be both attached to a role and its permissions boundary: each use cites
 * its own layer, so the document's identity alone is not the cache key.
 */
export class LayerCompiler {
  /** By document (the object, or the string as written), then by `policyType name arn`. */
  private readonly compiled = new Map<unknown, Map<string, CompiledPolicy | undefined>>();
  private readonly roles = new Map<string, Promise<RoleLayers>>();
  private readonly orgs = new Map<string, Promise<OrganizationLayers>>();

  public constructor(
    private readonly evidence: Evidence,
    private readonly incomplete: IncompleteLog,
  ) {}

  /**
   * A compiled policy, or undefined when the document cannot be evaluated (then the gap is
   * logged: a hand-written snapshot may hold a document AWS would have refused).
   */
  public compile(
    document: PolicyDocument,
    meta: { policyType: PolicyType; name?: string; arn?: string },
    what: string,
  ): CompiledPolicy | undefined {
    let uses = this.compiled.get(document);
    if (!uses) {
      uses = new Map();
      this.compiled.set(document, uses);
    }
    const use = `${meta.policyType}\u0000${meta.name}\u0000${meta.arn}`;
    if (uses.has(use)) return uses.get(use);
    let policy: CompiledPolicy | undefined;
    try {
      policy = compilePolicy(document, meta);
    } catch (error) {
      this.incomplete.note(what, `it cannot be evaluated: ${(error as Error).message}`);
    }
    uses.set(use, policy);
    return policy;
  }

  /** Compiles a known document, or notes it as missing. */
  public compileKnown(
    document: Known<PolicyDocument | null>,
    meta: { policyType: PolicyType; name?: string; arn?: string },
    what: string,
  ): CompiledPolicy | null | undefined {
    if (!document.known) {
      this.incomplete.note(what, document.why);
      return undefined;
    }
    if (document.value === null) return null;
    return this.compile(document.value, meta, what);
  }

  public role(roleArn: string): Promise<RoleLayers> {
    let layers = this.roles.get(roleArn);
    if (!layers) {
      layers = this.loadRole(roleArn);
      this.roles.set(roleArn, layers);
    }
    return layers;
  }

  public organization(account: string): Promise<OrganizationLayers> {
    let layers = this.orgs.get(account);
    if (!layers) {
      layers = this.loadOrganization(account);
      this.orgs.set(account, layers);
    }
    return layers;
  }

  private async loadRole(roleArn: string): Promise<RoleLayers> {
    const account = accountOf(roleArn);
    const answer = await this.evidence.role(roleArn);
    const base = {
      account,
      roleName: roleNameOf(roleArn),
      sessionArn: `arn:${this.evidence.partition}:sts::${account}:assumed-role/${roleNameOf(roleArn)}/SageMaker`,
    };
    if (!answer.known) {
      this.incomplete.note(`execution role ${roleArn}`, answer.why);
      return {
        ...base,
        arn: roleArn,
        role: undefined,
        identity: [],
        identityIncomplete: true,
        boundary: undefined,
        trust: undefined,
      };
    }
    const role = answer.value;
    if (role === null) {
      return {
        ...base,
        arn: roleArn,
        role: null,
        identity: [],
        identityIncomplete: false,
        boundary: null,
        trust: null,
      };
    }
    const identity: CompiledPolicy[] = [];
    let identityIncomplete = false;
    const named = (policy: NamedPolicy, kind: string) => {
      const compiled = this.compileKnown(
        policy.document,
        { policyType: 'identity', name: policy.name, arn: policy.arn },
        `${kind} policy '${policy.name}' of role ${role.roleName}`,
      );
      if (compiled) identity.push(compiled);
      else if (compiled === undefined) identityIncomplete = true;
    };
    role.inlinePolicies.forEach((policy) => named(policy, 'inline'));
    role.attachedPolicies.forEach((policy) => named(policy, 'managed'));
    const boundary =
      role.permissionsBoundary === null
        ? null
        : this.compileKnown(
            role.permissionsBoundary.document,
            {
              policyType: 'permissions-boundary',
              name: role.permissionsBoundary.name,
              arn: role.permissionsBoundary.arn,
            },
            `permissions boundary '${role.permissionsBoundary.name}' of role ${role.roleName}`,
          );
    const trust = this.compileKnown(
      role.assumeRolePolicy,
      { policyType: 'resource', name: `trust policy of role ${role.roleName}`, arn: role.arn },
      `trust policy of role ${role.roleName}`,
    );
    return { ...base, arn: role.arn, role, identity, identityIncomplete, boundary, trust };
  }

  private async loadOrganization(account: string): Promise<OrganizationLayers> {
    const answer = await this.evidence.organization(account);
    if (!answer.known) {
      this.incomplete.note(`organization policies of account ${account}`, answer.why);
      return { scps: undefined, rcps: undefined };
    }
    if (answer.value === null) return { scps: [], rcps: [] };
    const org = answer.value;
    const levels = (docs: Known<NamedPolicy[][]>, policyType: 'scp' | 'rcp', label: string) => {
      if (!docs.known) {
        this.incomplete.note(`${label}s of account ${account}`, docs.why);
        return undefined;
      }
      const compiled: CompiledPolicy[][] = [];
      for (const [level, policies] of docs.value.entries()) {
        const out: CompiledPolicy[] = [];
        for (const policy of policies) {
          const c = this.compileKnown(
            policy.document,
            { policyType, name: policy.name, arn: policy.arn },
            `${label} '${policy.name}' (level ${level}) of account ${account}`,
          );
          if (c === undefined) return undefined;
          if (c) out.push(c);
        }
        compiled.push(out);
      }
      return compiled;
    };
    return { id: org.id, scps: levels(org.scps, 'scp', 'SCP'), rcps: levels(org.rcps, 'rcp', 'RCP') };
  }
}

/** The account field of an ARN, or '' when it has none. */
export const accountOf = (arn: string): string => accountOfArn(arn) ?? '';
