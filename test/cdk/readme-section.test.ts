import * as fs from 'fs';
import * as path from 'path';
import { READ_PERMISSIONS } from '../../lambda/evidence/live/permissions';

const SECTION = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe("the README's deploy section", () => {
  test.each(READ_PERMISSIONS.map((permission) => [permission.why, permission] as const))(
    'lists the read "%s" with its actions',
    (why, permission) => {
      // Given a read the role is built from, Then the README names each of its actions and why
      for (const action of permission.actions) {
        expect(SECTION).toContain(`\`${action}\``);
      }
      expect(SECTION).toContain(why.split(':')[0]);
    },
  );

  test('gives the one-command deploy with its bootstrap step', () => {
    expect(SECTION).toContain('npx cdk bootstrap');
    expect(SECTION).toContain('npx cdk deploy -c notificationEmail=you@example.com');
    expect(SECTION).toContain('npm run synth');
  });
});
