import { createServer, Server } from 'node:http';
import { go2rtcConfig, mediamtxConfig } from './engine-config';
import { Go2rtcApi } from './go2rtc-api';
import { MediamtxApi } from './mediamtx-api';
import { unknownConfigKeys } from './test-support/config-keys';
import {
  defaultMediamtxConfig,
  EngineContract,
  RecordedRequest,
} from './test-support/engine-contracts';

/** Records every request and answers what the engine would for a successful call. */
async function recordingServer(
  answers: (request: RecordedRequest) => { status: number; body: unknown },
): Promise<{ port: number; requests: RecordedRequest[]; close(): Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: request.headers as Record<string, string>,
        ...(text ? { body: JSON.parse(text) } : {}),
      };
      requests.push(recorded);
      const answer = answers(recorded);
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('engine contracts', () => {
  describe('generated mediamtx.yml', () => {
    it('uses only keys of the pinned default mediamtx.yml, each with a value of the same type', () => {
      const config = mediamtxConfig({ rtspPort: 8554, apiPort: 9997 });
      expect(unknownConfigKeys(config, defaultMediamtxConfig())).toEqual([]);
      expect(Object.keys(config).length).toBeGreaterThan(10);
    });

    it('binds RTSP and the API to 127.0.0.1 and turns every other protocol off', () => {
      const config = mediamtxConfig({ rtspPort: 18554, apiPort: 19997 });
      expect(config).toMatchObject({
        rtspAddress: '127.0.0.1:18554',
        apiAddress: '127.0.0.1:19997',
        rtspTransports: ['tcp'],
      });
      const defaults = defaultMediamtxConfig();
      const protocolSwitches = Object.keys(defaults).filter(
        (key) => typeof defaults[key] === 'boolean' && defaults[key] === true,
      );
      const enabled = protocolSwitches.filter((key) => config[key] !== false);
      // The default turns these on; of them the app needs the RTSP server and the API only.
      expect(enabled.sort()).toEqual(['rtsp', 'webrtcIPsFromInterfaces'].sort());
      expect(config['api']).toBe(true);
    });

    it('the check names unknown keys and wrong types (it can fail)', () => {
      expect(
        unknownConfigKeys(
          { rtspAddress: 8554, rtspPort: 1, paths: { cam: { sourceOnDemand: 'yes', bogus: 1 } } },
          defaultMediamtxConfig(),
        ),
      ).toEqual([
        'rtspAddress (number, expected string)',
        'rtspPort',
        'paths.cam.sourceOnDemand (string, expected boolean)',
        'paths.cam.bogus',
      ]);
    });
  });

  it('go2rtc.yaml binds RTSP and the API to 127.0.0.1 and turns WebRTC and STUN off', () => {
    expect(go2rtcConfig({ rtspPort: 8555, apiPort: 1984 })).toMatchObject({
      api: { listen: '127.0.0.1:1984' },
      rtsp: { listen: '127.0.0.1:8555' },
      webrtc: { listen: '', ice_servers: [] },
    });
  });

  it('every request sent to MediaMTX is valid against its openapi.yaml', async () => {
    const server = await recordingServer((request) =>
      request.path.startsWith('/v3/paths/get/')
        ? { status: 200, body: { name: 'sess-1', ready: true, readers: [] } }
        : { status: 200, body: { status: 'ok' } },
    );
    const api = new MediamtxApi(server.port);
    await api.info();
    await api.addPath('sess-1', 'rtsp://user:secret@192.0.2.1:554/stream');
    await expect(api.getPath('sess-1')).resolves.toEqual({ ready: true, readers: 0 });
    await api.removePath('sess-1');
    await server.close();

    const contract = await EngineContract.load('mediamtx');
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v3/info',
      'POST /v3/config/paths/add/sess-1',
      'GET /v3/paths/get/sess-1',
      'DELETE /v3/config/paths/delete/sess-1',
    ]);
    expect(server.requests[1].body).toEqual({
      source: 'rtsp://user:secret@192.0.2.1:554/stream',
      sourceOnDemand: false,
      rtspTransport: 'tcp',
    });
    expect(server.requests.flatMap((request) => contract.violations(request))).toEqual([]);
  });

  it('every request sent to go2rtc is valid against its openapi.yaml, the ingest URL included', async () => {
    const server = await recordingServer(() => ({ status: 200, body: { 'sess-1': {} } }));
    const api = new Go2rtcApi(server.port);
    await api.info();
    await api.addStream('sess-1', 'http://user:secret@192.0.2.1/video.mjpg');
    await expect(api.hasStream('sess-1')).resolves.toBe(true);
    await api.removeStream('sess-1');
    await server.close();

    const contract = await EngineContract.load('go2rtc');
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api',
      'PUT /api/streams',
      'GET /api/streams',
      'DELETE /api/streams',
    ]);
    expect(server.requests[1].query).toEqual({
      name: 'sess-1',
      src: 'http://user:secret@192.0.2.1/video.mjpg',
    });
    expect(server.requests[3].query).toEqual({ src: 'sess-1', name: 'sess-1' });
    const ingest: RecordedRequest = {
      method: 'GET',
      path: '/api/stream.mjpeg',
      query: { src: 'sess-1' },
      headers: {},
    };
    expect([...server.requests, ingest].flatMap((request) => contract.violations(request))).toEqual(
      [],
    );
  });

  it('the validators refuse what the engines refuse (they can fail)', async () => {
    const mediamtx = await EngineContract.load('mediamtx');
    const go2rtc = await EngineContract.load('go2rtc');
    const json = { 'content-type': 'application/json' };
    expect(
      mediamtx.violations({
        method: 'POST',
        path: '/v3/config/paths/add/sess-1',
        query: {},
        headers: json,
        body: { source: 'rtsp://x', sourceOnDemand: 'no', rtspTransport: 'tcp', bogus: 1 },
      }),
    ).toEqual([
      'POST /v3/config/paths/add/sess-1: /requestBody must NOT have additional properties',
      'POST /v3/config/paths/add/sess-1: /requestBody/sourceOnDemand must be boolean',
    ]);
    expect(
      mediamtx.violations({
        method: 'POST',
        path: '/v3/paths/add/sess-1',
        query: {},
        headers: json,
      }),
    ).toEqual(['POST /v3/paths/add/sess-1: no such operation in the contract']);
    expect(
      go2rtc.violations({ method: 'PUT', path: '/api/streams', query: { name: 'x' }, headers: {} }),
    ).toEqual(["PUT /api/streams: /query must have required property 'src'"]);
  });
});
