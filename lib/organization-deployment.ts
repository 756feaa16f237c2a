/**
 * Organization mode (docs/deploy.md): the central account's event bus that the member accounts
 * forward their failures to, its rules, and the StackSet that puts the member template
 * (lib/member-account-stack.ts) into every account of the OUs named, and every account that
 * joins them later.
 *
 * Service-managed StackSets: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 * A StackSet never deploys to the management account itself
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html):
 * the central stack's own rules on the default bus cover the central account.
 */
import { Aws } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  Capability,
  DeploymentType,
  RegionConcurrencyType,
  StackSet,
  StackSetTarget,
  StackSetTemplate,
} from 'cdk-stacksets';
import { Construct } from 'constructs';
import type { FailureEventSubject } from '../lambda/job-kinds';
import { earlyWarningRule } from './early-warning';
import { FAILURE_EVENT_PATTERNS, pascalCase } from './failure-event-patterns';
import { MEMBER_PARAMETERS, MemberAccountStack } from './member-account-stack';

/** Where organization mode deploys the member template. */
export interface OrganizationProps {
  /** The organization's id, `o-...` (`aws organizations describe-organization`). */
  readonly organizationId: string;
  /**
   * The OUs (`ou-...`) whose accounts, nested OUs included, get the member template; the root
   * (`r-...`) for the whole organization.
   */
  readonly organizationalUnitIds: readonly string[];
  /**
   * The Regions of the member accounts whose failures are diagnosed. The read role is created
   * by the stack instance of the first one.
   */
  readonly regions: readonly string[];
  /**
   * Deploying from a CloudFormation delegated administrator account rather than the management
   * account (the StackSet's `CallAs`).
   * @default false - the management account
   */
  readonly delegatedAdmin?: boolean;
}

/** The read role's name in member accounts when `crossAccountRoleName` is not given. */
export const DEFAULT_READER_ROLE_NAME = 'SageMakerAccessDoctorReader';

/**
 * How the StackSet rolls out: all Regions at once, and up to 10% of the accounts of a Region
 * failing before it stops there (with the default strict failure tolerance, the accounts
 * deployed at once are the tolerated failures plus one:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html).
 * Automatic deployments to joining accounts do not use these.
 */
export const STACKSET_OPERATION_PREFERENCES = {
  regionConcurrencyType: RegionConcurrencyType.PARALLEL,
  maxConcurrentPercentage: 100,
  failureTolerancePercentage: 10,
} as const;

export interface OrganizationDeploymentProps extends OrganizationProps {
  /** The central Lambda's role: the only principal the member accounts' read roles trust. */
  readonly centralRole: iam.IRole;
  /** Name of the read role in member accounts. */
  readonly readerRoleName: string;
  /** Whether the read roles hold the object-level reads, as the central role does. */
  readonly objectLevelReads: boolean;
  /** The central Lambda, as the target of the forwarded failures. */
  readonly target: events.IRuleTarget;
  /** The early warning (lib/early-warning.ts): member accounts forward their watched calls too. */
  readonly earlyWarning?: boolean;
}

export class OrganizationDeployment extends Construct {
  /** The bus the member accounts forward to; its policy admits the organization only. */
  public readonly eventBus: events.EventBus;
  /** The rules of that bus, one per failure event type. */
  public readonly rules: ReadonlyMap<FailureEventSubject, events.Rule>;
  /** The member template. */
  public readonly memberStack: MemberAccountStack;
  /** The StackSet of the member template. */
  public readonly stackSet: StackSet;
  /** Its name: the stack's name, `-MemberAccounts`. */
  public readonly stackSetName: string;

  public constructor(scope: Construct, id: string, props: OrganizationDeploymentProps) {
    super(scope, id);
    // A bus of its own, not the default one: the organization may put events on this bus only,
    // where only the doctor's rules listen. Named after the stack so that two deployments in one
    // account and Region do not collide.
    this.eventBus = new events.EventBus(this, 'EventBus', {
      eventBusName: `${Aws.STACK_NAME}-AccessDoctor-${this.node.addr.slice(0, 8)}`,
      description: 'SageMaker Access Doctor: failed SageMaker jobs forwarded by the accounts of the organization',
    });
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html#eb-event-bus-example-policy-organization
    const busPolicy = this.eventBus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowOrganizationToForwardFailures',
        principals: [new iam.OrganizationPrincipal(props.organizationId)],
        actions: ['events:PutEvents'],
        resources: [this.eventBus.eventBusArn],
      }),
    );

    const rules = new Map<FailureEventSubject, events.Rule>();
    for (const [subject, pattern] of FAILURE_EVENT_PATTERNS) {
      rules.set(
        subject,
        new events.Rule(this, `${pascalCase(subject)}ForwardedRule`, {
          eventBus: this.eventBus,
          description: `SageMaker Access Doctor: ${pattern['detail-type'][0]}, failed, forwarded by a member account`,
          eventPattern: {
            source: pattern.source,
            detailType: pattern['detail-type'],
            detail: pattern.detail,
            // The central account's own failures come through its default bus; a delegated
            // administrator inside a targeted OU also forwards them here: diagnosed once.
            account: events.Match.anythingBut(Aws.ACCOUNT_ID),
          },
          targets: [props.target],
        }),
      );
    }
    this.rules = rules;

    this.memberStack = new MemberAccountStack(this, 'MemberAccount', {
      organizationId: props.organizationId,
      readerRoleName: props.readerRoleName,
      regions: props.regions,
      objectLevelReads: props.objectLevelReads,
      earlyWarning: props.earlyWarning ?? false,
    });
    if (props.earlyWarning)
      earlyWarningRule(this, props.target, {
        id: 'EarlyWarningForwardedRule',
        eventBus: this.eventBus,
        notAccount: Aws.ACCOUNT_ID,
      });
    this.stackSetName = `${Aws.STACK_NAME}-MemberAccounts`;
    this.stackSet = new StackSet(this, 'StackSet', {
      stackSetName: this.stackSetName,
      description: 'SageMaker Access Doctor: failure forwarding and the read role in every member account',
      template: StackSetTemplate.fromStackSetStack(this.memberStack),
      target: StackSetTarget.fromOrganizationalUnits({
        organizationalUnits: [...props.organizationalUnitIds],
        regions: [...props.regions],
      }),
      deploymentType: DeploymentType.serviceManaged({
        delegatedAdmin: props.delegatedAdmin ?? false,
        autoDeployEnabled: true,
        autoDeployRetainStacks: false,
      }),
      capabilities: [Capability.NAMED_IAM],
      operationPreferences: STACKSET_OPERATION_PREFERENCES,
      parameters: {
        [MEMBER_PARAMETERS.centralEventBusArn]: this.eventBus.eventBusArn,
        [MEMBER_PARAMETERS.centralRoleArn]: props.centralRole.roleArn,
      },
    });
    // The member accounts forward from their first failure on: the bus must admit them by then.
    if (busPolicy.policyDependable) this.stackSet.node.addDependency(busPolicy.policyDependable);
  }
}
