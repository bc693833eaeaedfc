import { describe, expect, it } from 'vitest';
import { assertAmqpUrl, brokerAddress, brokerUrls, redactUrl } from '../../src/transport/index.js';

describe('a broker address of one node or several', () => {
  const cluster = 'amqp://u:secret@a:5672, amqp://u:secret@b:5673,,amqps://c';

  it('splits on commas, trims, and skips empty parts', () => {
    expect(brokerUrls(cluster)).toEqual(['amqp://u:secret@a:5672', 'amqp://u:secret@b:5673', 'amqps://c']);
    expect(brokerUrls('amqp://localhost')).toEqual(['amqp://localhost']);
  });

  it('names every node, never a password', () => {
    expect(brokerAddress(cluster)).toBe('a:5672, b:5673, c:5671');
    expect(redactUrl(cluster)).toBe('amqp://u:***@a:5672, amqp://u:***@b:5673, amqps://c');
    expect(redactUrl(cluster)).not.toContain('secret');
  });

  it('refuses a list with one bad node, saying which, without echoing it', () => {
    expect(() => {
      assertAmqpUrl('amqp://a,http://u:pw@b');
    }).toThrow('the AMQP URL (node 2 of 2) must start with amqp:// or amqps://, not http://');
    expect(() => {
      assertAmqpUrl(' , ');
    }).toThrow(/no AMQP URL given/);
    expect(() => {
      assertAmqpUrl(cluster);
    }).not.toThrow();
  });
});
