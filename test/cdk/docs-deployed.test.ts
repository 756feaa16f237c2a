import * as fs from 'fs';
import * as path from 'path';
import { DEFAULTS } from '../../lib/sagemaker-access-doctor';
import { synthesize, type Synthesized, SYNTH_TIMEOUT_MS } from './synthesize';

const doc = (name: string) => fs.readFileSync(path.join(__dirname, '..', '..', 'docs', name), 'utf8');

// Given the app as deployed, and the docs that describe it
let built: Synthesized;
beforeAll(() => {
  built = synthesize();
}, SYNTH_TIMEOUT_MS);

describe('docs/deploy.md and docs/lambda.md describe what is deployed', () => {
  test('every alarm of the template is named by its metric in docs/deploy.md', () => {
    const metrics = Object.values(built.template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties.MetricName as string,
    );
    expect(metrics.length).toBeGreaterThan(2);
    const deploy = doc('deploy.md');
    for (const metric of new Set(metrics)) {
      // ApproximateNumberOfMessagesVisible is the depth of a queue: the docs say "depth"
      expect({
        metric,
        named: deploy.includes(metric === 'ApproximateNumberOfMessagesVisible' ? 'depth' : metric),
      }).toEqual({
        metric,
        named: true,
      });
    }
  });

  test('every output of the stack is listed in docs/deploy.md', () => {
    const deploy = doc('deploy.md');
    for (const output of Object.keys(built.template.findOutputs('*'))) {
      expect({ output, listed: deploy.includes(`\`${output}\``) }).toEqual({ output, listed: true });
    }
  });

  test("the failure handling the docs give is the deployed one: Lambda's retries, the failed-invocation queue", () => {
    const invokeConfig = Object.values(built.template.findResources('AWS::Lambda::EventInvokeConfig'));
    expect(invokeConfig).toHaveLength(1);
    expect(invokeConfig[0].Properties.MaximumRetryAttempts).toBe(DEFAULTS.invocationRetryAttempts);
    for (const name of ['deploy.md', 'lambda.md']) {
      expect(doc(name)).toContain('failed-invocation queue');
      expect(doc(name)).toContain('twice');
    }
    // And no doc says a failed diagnosis is kept nowhere but in the logs
    expect(doc('deploy.md')).not.toMatch(/They are not\s+queued/);
    expect(doc('lambda.md')).not.toMatch(/EventBridge retries, then the dead-letter queue keeps the event/);
  });
});
