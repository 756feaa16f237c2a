import { readFileSync } from 'node:fs';
import { VALIDATOR_FILE, validatorModule } from '../../scripts/compile-schemas';

describe('the precompiled snapshot validator', () => {
  it('is compiled from schemas/snapshot.schema.json as it is now (run `npm run schemas` after editing it)', () => {
    // Given the committed module / When the schema is compiled again / Then the code is the same
    expect(readFileSync(VALIDATOR_FILE, 'utf8')).toBe(validatorModule());
  });
});
