/**
 * S3 locations as SageMaker names them: `s3://bucket/key` URIs, and the `https://` S3 URLs that
 * `ContainerDefinition.ModelDataUrl` also accepts (pattern `^(https|s3)://([^/]+)/?(.*)$`,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html).
 */

export interface S3Address {
  bucket: string;
  /** The key part exactly as written (a trailing `/` kept); '' for a whole bucket. */
  key: string;
}

const S3_URI = /^s3:\/\/([^/]+)(?:\/(.*))?$/s;

// Virtual-hosted style (`bucket.s3.region.amazonaws.com`, `bucket.s3-region...`, `bucket.s3.amazonaws.com`)
// and path style (`s3.region.amazonaws.com/bucket/key`), as listed in
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
const VIRTUAL_HOSTED = /^(.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;
const PATH_STYLE = /^s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;

/**
 * Splits an `s3://` URI or an S3 `https://` URL into bucket and key.
 *
 * @returns undefined when the text is neither (the caller records it as a gap).
 * @example parseS3Uri('s3://bucket/train/') // { bucket: 'bucket', key: 'train/' }
 */
export function parseS3Uri(uri: string): S3Address | undefined {
  const s3 = S3_URI.exec(uri);
  if (s3) return { bucket: s3[1], key: s3[2] ?? '' };
  if (!/^https:\/\//i.test(uri)) return undefined;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  const path = decodePath(url.pathname.slice(1));
  if (path === undefined) return undefined;
  const virtual = VIRTUAL_HOSTED.exec(host);
  if (virtual && !PATH_STYLE.test(host)) return { bucket: virtual[1], key: path };
  if (PATH_STYLE.test(host)) {
    const slash = path.indexOf('/');
    const bucket = slash < 0 ? path : path.slice(0, slash);
    if (bucket === '') return undefined;
    return { bucket, key: slash < 0 ? '' : path.slice(slash + 1) };
  }
  return undefined;
}

function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
