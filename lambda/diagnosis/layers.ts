/**
 * Turns evidence into the compiled policy layers of the engine, once per document, noting
 * every gap in the `incomplete` log. Every layer is `Known<T>`, the evidence's own shape, up
 * to the judge: unknown with the reason, or known (`null` or `[]`: known to be absent).
 */
import { compilePolicy } from '../engine/policy';
import type { CompiledPolicy, PolicyType } from '../engine/types';
import {
  known,
  unknown,
  type Evidence,
  type Known,
  type NamedPolicy,
  type PolicyDocument,
  type RoleEvidence,
} from '../evidence/evidence';
import type { IncompleteLog } from './incomplete';
import { accountOfArn, assumedRoleArn } from '../arn';

/** The identity policies the evidence holds; `complete: false` when some policy of the role is unknown. */
interface IdentityLayer {
  policies: CompiledPolicy[];
  complete: boolean;
}

/** The principal side of a role's checks. */
export interface RoleLayers {
  /** The role ARN with its path when the evidence knows it, else as the job names it. */
  arn: string;
  account: string;
  roleName: string;
  /** The session SageMaker's requests are made as (docs/diagnosis.md, "Checks"). */
  sessionArn: string;
  /** null: known not to exist. */
  role: Known<RoleEvidence | null>;
  /** Inline and attached policies; unknown when the role is. */
  identity: Known<IdentityLayer>;
  /** null: no boundary. */
  boundary: Known<CompiledPolicy | null>;
  /** null: the role has none (or does not exist). */
  trust: Known<CompiledPolicy | null>;
}

export interface OrganizationLayers {
  /** Absent: no organization, or not known. */
  id?: string;
  /** SCP levels, root first; []: no SCPs (no organization). */
  scps: Known<CompiledPolicy[][]>;
  rcps: Known<CompiledPolicy[][]>;
}

/** A layer known to be absent. */
export const NONE: Known<null> = known(null);
/** Levels (SCPs, RCPs) known to be none. */
export const NO_LEVELS: Known<CompiledPolicy[][]> = known([]);

/** Whether the evidence knows the role not to exist (docs/formats/causes.md, `ROLE_NOT_FOUND`). */
export const roleIsMissing = (role: RoleLayers): boolean => role.role.known && role.role.value === null;

/** The value of a known layer, or `fallback` when it is unknown. */
export const valueOr = <T, F>(layer: Known<T>, fallback: F): T | F => (layer.known ? layer.value : fallback);

const roleNameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

/**
 * Compiles each document once per use (its policy type, name and ARN) and logs what fails. One
 * managed policy may be both attached to a role and its permissions boundary: each use cites
 * its own layer, so the document's identity alone is not the cache key.
 */
export class LayerCompiler {
  /** By document (the object, or the string as written), then by `policyType name arn`. */
  private readonly compiled = new Map<unknown, Map<string, Known<CompiledPolicy>>>();
  private readonly roles = new Map<string, Promise<RoleLayers>>();
  private readonly orgs = new Map<string, Promise<OrganizationLayers>>();

  public constructor(
    private readonly evidence: Evidence,
    private readonly incomplete: IncompleteLog,
  ) {}

  /**
   * A compiled policy, or unknown when the document cannot be evaluated (then the gap is
   * logged: a hand-written snapshot may hold a document AWS would have refused).
   */
  public compile(
    document: PolicyDocument,
    meta: { policyType: PolicyType; name?: string; arn?: string },
    what: string,
  ): Known<CompiledPolicy> {
    let uses = this.compiled.get(document);
    if (!uses) {
      uses = new Map();
      this.compiled.set(document, uses);
    }
    const use = `${meta.policyType}\u0000${meta.name}\u0000${meta.arn}`;
    let policy = uses.get(use);
    if (policy) return policy;
    try {
      policy = known(compilePolicy(document, meta));
    } catch (error) {
      const why = `it cannot be evaluated: ${(error as Error).message}`;
      this.incomplete.note(what, why);
      policy = unknown(why);
    }
    uses.set(use, policy);
    return policy;
  }

  /** Compiles a known document, or notes it as missing. */
  public compileKnown(
    document: Known<PolicyDocument | null>,
    meta: { policyType: PolicyType; name?: string; arn?: string },
    what: string,
  ): Known<CompiledPolicy | null> {
    if (!document.known) {
      this.incomplete.note(what, document.why);
      return document;
    }
    if (document.value === null) return NONE;
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
      sessionArn: assumedRoleArn(this.evidence.partition, account, roleNameOf(roleArn), 'SageMaker'),
    };
    if (!answer.known) {
      // Any role: a job's execution role, a preflight caller or a pipeline's role.
      this.incomplete.note(`role ${roleArn}`, answer.why);
      return { ...base, arn: roleArn, role: answer, identity: answer, boundary: answer, trust: answer };
    }
    const role = answer.value;
    if (role === null) {
      return {
        ...base,
        arn: roleArn,
        role: answer,
        identity: known({ policies: [], complete: true }),
        boundary: NONE,
        trust: NONE,
      };
    }
    const identity: IdentityLayer = { policies: [], complete: true };
    const named = (policy: NamedPolicy, kind: string) => {
      const compiled = this.compileKnown(
        policy.document,
        { policyType: 'identity', name: policy.name, arn: policy.arn },
        // A list that could not be listed is one entry: its policies, not one named policy.
        policy.unlisted
          ? `${kind} policies of role ${role.roleName}`
          : `${kind} policy '${policy.name}' of role ${role.roleName}`,
      );
      if (!compiled.known) identity.complete = false;
      else if (compiled.value) identity.policies.push(compiled.value);
    };
    role.inlinePolicies.forEach((policy) => named(policy, 'inline'));
    role.attachedPolicies.forEach((policy) => named(policy, 'managed'));
    const boundary =
      role.permissionsBoundary === null
        ? NONE
        : this.compileKnown(
            role.permissionsBoundary.document,
            {
              policyType: 'permissions-boundary',
              name: role.permissionsBoundary.name,
              arn: role.permissionsBoundary.arn,
            },
            // Without GetRole the boundary's name is not known either.
            role.permissionsBoundary.arn === undefined && !role.permissionsBoundary.document.known
              ? `permissions boundary of role ${role.roleName}`
              : `permissions boundary '${role.permissionsBoundary.name}' of role ${role.roleName}`,
          );
    const trust = this.compileKnown(
      role.assumeRolePolicy,
      { policyType: 'resource', name: `trust policy of role ${role.roleName}`, arn: role.arn },
      `trust policy of role ${role.roleName}`,
    );
    // Tags that could not be read leave aws:PrincipalTag/* unknowable (judge.ts), not absent.
    if (role.tags !== undefined && !role.tags.known)
      this.incomplete.note(`tags of role ${role.roleName}`, role.tags.why);
    return { ...base, arn: role.arn, role: answer, identity: known(identity), boundary, trust };
  }

  private async loadOrganization(account: string): Promise<OrganizationLayers> {
    const answer = await this.evidence.organization(account);
    if (!answer.known) {
      this.incomplete.note(`organization policies of account ${account}`, answer.why);
      return { scps: answer, rcps: answer };
    }
    if (answer.value === null) return { scps: NO_LEVELS, rcps: NO_LEVELS };
    const org = answer.value;
    const levels = (
      docs: Known<NamedPolicy[][]>,
      policyType: 'scp' | 'rcp',
      label: string,
    ): Known<CompiledPolicy[][]> => {
      if (!docs.known) {
        this.incomplete.note(`${label}s of account ${account}`, docs.why);
        return docs;
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
          // One unknown policy of a level leaves the whole layer unknown.
          if (!c.known) return c;
          if (c.value) out.push(c.value);
        }
        compiled.push(out);
      }
      return known(compiled);
    };
    return { id: org.id, scps: levels(org.scps, 'scp', 'SCP'), rcps: levels(org.rcps, 'rcp', 'RCP') };
  }
}

/** The account field of an ARN, or '' when it has none. */
export const accountOf = (arn: string): string => accountOfArn(arn) ?? '';
