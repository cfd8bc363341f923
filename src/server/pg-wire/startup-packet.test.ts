import { describe, expect, it } from 'vitest';
import { MessageWriter } from './message-writer.js';
import { parseCommandLineOptions, parseStartupPacket } from './startup-packet.js';

function body(version: number, parameters: Record<string, string>): Buffer {
  const w = new MessageWriter().int32(version);
  for (const [name, value] of Object.entries(parameters)) w.cstring(name).cstring(value);
  return w.int8(0).take();
}

describe('startup packets', () => {
  it('reads a 3.0 startup message with its parameters', () => {
    expect(parseStartupPacket(body(196608, { user: 'root', database: 'dev', application_name: 'psql' }))).toEqual({
      kind: 'startup',
      minorVersion: 0,
      parameters: new Map([['user', 'root'], ['database', 'dev'], ['application_name', 'psql']]),
      protocolOptions: [],
    });
  });

  it('keeps a newer minor version and protocol options for NegotiateProtocolVersion', () => {
    expect(parseStartupPacket(body(196610, { user: 'u', _pq_: 'x', '_pq_.compression': 'on' }))).toMatchObject({
      minorVersion: 2,
      protocolOptions: ['_pq_.compression'],
    });
  });

  it('recognizes SSLRequest, GSSENCRequest and CancelRequest', () => {
    expect(parseStartupPacket(new MessageWriter().int32(80877103).take())).toEqual({ kind: 'sslRequest' });
    expect(parseStartupPacket(new MessageWriter().int32(80877104).take())).toEqual({ kind: 'gssencRequest' });
    expect(parseStartupPacket(new MessageWriter().int32(80877102).int32(7).int32(-9).take())).toEqual({ kind: 'cancel', processId: 7, secretKey: -9 });
  });

  it('refuses protocol 2', () => {
    expect(() => parseStartupPacket(body(131072, {}))).toThrow('unsupported frontend protocol 2.0: server supports 3.0 to 3.0');
  });
});

describe('the options startup parameter', () => {
  it('reads -c name=value settings with escapes', () => {
    expect(parseCommandLineOptions('-c search_path=public  -cstatement_timeout=5 --application-name=my\\ app')).toEqual(
      new Map([['search_path', 'public'], ['statement_timeout', '5'], ['application_name', 'my app']]),
    );
  });

  it('refuses what is not a setting', () => {
    expect(() => parseCommandLineOptions('-d 5')).toThrow('invalid command-line argument for server process: -d');
    expect(() => parseCommandLineOptions('-c name')).toThrow('-c name requires a value');
  });
});
