// Tests of the one-line descriptions of the Kafka client's nested errors.
import { MultipleErrors, NetworkError, UserError } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { describeKafkaError } from './describe-kafka-error.js';

describe('describeKafkaError', () => {
  it('follows gathered errors and causes into one lower-case line', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' });
    const network = new NetworkError('Connection to 127.0.0.1:9092 failed.', { cause: refused });
    expect(describeKafkaError(new MultipleErrors('Cannot connect to any broker.', [network]))).toBe(
      'cannot connect to any broker: connection to 127.0.0.1:9092 failed: connect ECONNREFUSED 127.0.0.1:9092',
    );
    expect(describeKafkaError(new UserError('Unknown topic orders.'))).toBe('unknown topic orders');
  });

  it('says each distinct cause once and keeps acronyms', () => {
    const same = new Error('ETIMEDOUT');
    expect(describeKafkaError(new MultipleErrors('Listing offsets failed.', [same, new Error('ETIMEDOUT')]))).toBe('listing offsets failed: ETIMEDOUT');
    expect(describeKafkaError('plain text')).toBe('plain text');
  });
});
