/**
 * Collects what one execution role needs, location by location, while a job description is read.
 * A location that is not an S3 URI becomes a gap instead of a crash.
 */
import type { KeySetting, KeyUse, RoleModel, S3Location, S3Output, VpcConfig } from './model';
import { isObject, stringsAt } from '../../json';
import { parseS3Uri } from './s3-uri';

/** A piece of the description that was missing or unusable: becomes an `incomplete` entry. */
export interface Gap {
  what: string;
  why: string;
}

export class RoleModelBuilder {
  private readonly inputPrefixes: S3Location[] = [];
  private readonly inputObjects: S3Location[] = [];
  private readonly outputs: S3Output[] = [];
  private readonly volumeKeys: KeyUse[] = [];
  private readonly images: string[] = [];
  private vpcConfig?: VpcConfig;

  public constructor(
    private readonly roleArn: string,
    private readonly gaps: Gap[],
    /** Which model or training job definition the role belongs to, when a job has several. */
    private readonly origin?: string,
  ) {}

  /** A prefix the job lists and reads. */
  public inputPrefix(purpose: string, uri: string | undefined): this {
    return this.add(this.inputPrefixes, purpose, uri);
  }

  /** One object the job reads (a manifest, a model artifact). */
  public inputObject(purpose: string, uri: string | undefined): this {
    return this.add(this.inputObjects, purpose, uri);
  }

  /** A prefix the job writes, with the output's `KmsKeyId` if it names one. */
  public output(purpose: string, uri: string | undefined, kmsKeyId?: string, keySetting?: KeySetting): this {
    return this.add(this.outputs, purpose, uri, {
      ...(kmsKeyId !== undefined && { kmsKeyId }),
      ...(keySetting && { keySetting }),
    });
  }

  public volumeKey(purpose: string, keyId: string | undefined): this {
    if (keyId !== undefined && !this.volumeKeys.some((key) => key.keyId === keyId))
      this.volumeKeys.push({ purpose, keyId });
    return this;
  }

  public image(uri: string | undefined): this {
    if (uri !== undefined && !this.images.includes(uri)) this.images.push(uri);
    return this;
  }

  /** A `VpcConfig` object of the description (`Subnets`, `SecurityGroupIds`); ignored when absent. */
  public vpc(config: unknown): this {
    if (isObject(config))
      this.vpcConfig = {
        Subnets: stringsAt(config, 'Subnets'),
        SecurityGroupIds: stringsAt(config, 'SecurityGroupIds'),
      };
    return this;
  }

  public build(): RoleModel {
    return {
      roleArn: this.roleArn,
      inputPrefixes: this.inputPrefixes,
      inputObjects: this.inputObjects,
      outputs: this.outputs,
      volumeKeys: this.volumeKeys,
      images: this.images,
      ...(this.vpcConfig ? { vpcConfig: this.vpcConfig } : {}),
      ...(this.origin ? { origin: this.origin } : {}),
    };
  }

  private add<T extends S3Location>(
    list: T[],
    purpose: string,
    uri: string | undefined,
    extra: Omit<T, keyof S3Location> | object = {},
  ): this {
    if (uri === undefined) return this;
    const address = parseS3Uri(uri);
    if (!address) {
      this.gaps.push({
        what: `${purpose}: ${uri}`,
        why: 'it is not an S3 URI (s3://bucket/key), so its access cannot be checked',
      });
      return this;
    }
    // The same location named twice (ModelDataUrl and ModelDataSource, say) needs its checks once.
    if (list.some((location) => location.bucket === address.bucket && location.key === address.key)) return this;
    list.push({ purpose, ...address, ...extra } as T);
    return this;
  }
}
