// Tests of the young-generation hint printed when a server starts.
import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_FLAG, youngGenerationHint } from './young-generation.js';

describe('youngGenerationHint', () => {
  it('suggests the flag when neither the command line nor NODE_OPTIONS sets the semi-space', () => {
    expect(youngGenerationHint([], '')).toContain(`NODE_OPTIONS=${YOUNG_GENERATION_FLAG}`);
    expect(youngGenerationHint(['--max-old-space-size=4096'], '--enable-source-maps')).toBeDefined();
  });

  it('says nothing when either sets it, in either spelling', () => {
    expect(youngGenerationHint(['--max-semi-space-size=32'], '')).toBeUndefined();
    expect(youngGenerationHint([], '--enable-source-maps --max_semi_space_size=128')).toBeUndefined();
  });
});
