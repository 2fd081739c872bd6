import { connectAsync, type MqttClient } from 'mqtt';
import { brokerLogin } from './broker-login';
import { MqttConnection, type MqttConnectionOptions } from './mqtt-connection';
import { freePort } from '@camrec/process';
import { startMosquitto, type Mosquitto } from './test-support/mosquitto';

const waitUntil = async (what: string, check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** A subscriber that keeps what it receives, with the retain flag. */
async function listen(url: string, topic: string) {
  const client = await connectAsync(url, { reconnectPeriod: 0 });
  const messages: { topic: string; payload: string; retain: boolean }[] = [];
  client.on('message', (t, payload, packet) =>
    messages.push({ topic: t, payload: payload.toString(), retain: packet.retain }),
  );
  await client.subscribeAsync(topic, { qos: 1 });
  return { client, messages };
}

describe('MqttConnection (real Mosquitto)', () => {
  let broker: Mosquitto | null = null;
  const connections: MqttConnection[] = [];
  const clients: MqttClient[] = [];
  const lines: string[] = [];
  const logger = {
    log: (m: string) => lines.push(`INFO ${m}`),
    warn: (m: string) => lines.push(`WARN ${m}`),
    debug: (m: string) => lines.push(`DEBUG ${m}`),
  };

  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.stop()));
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    await broker?.stop();
    broker = null;
    lines.length = 0;
  });

  const open = (url: string, overrides: Partial<MqttConnectionOptions> = {}) => {
    const connection = new MqttConnection({
      login: brokerLogin(url, null, null),
      availabilityTopic: 't/available',
      subscriptions: ['t/+/set'],
      onConnect: () => undefined,
      onMessage: () => undefined,
      logger,
      firstRetryMs: 200,
      maxRetryMs: 800,
      ...overrides,
    });
    connections.push(connection);
    connection.start();
    return connection;
  };

  it('starts without a broker, retries with growing delays, and connects once one is there', async () => {
    const port = await freePort();
    let connects = 0;
    const connection = open(`mqtt://127.0.0.1:${port}`, { onConnect: () => connects++ });
    await waitUntil('three failed attempts', () => lines.length >= 3);
    expect(connection.connectionState).toBe('disconnected');
    expect(connection.lastError).toMatch(/ECONNREFUSED/);
    // One warning, then the same failure again only at debug level.
    expect(lines.filter((l) => l.startsWith('WARN'))).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^WARN cannot connect to mqtt:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.*; trying again in 0\.2 s$/,
    );
    expect(lines[1]).toMatch(/trying again in 0\.4 s$/);
    expect(connection.publish('t/x', 'dropped', { retain: true })).toBe(false);

    broker = await startMosquitto({ port });
    await waitUntil('the connection', () => connection.connectionState === 'connected');
    expect(connects).toBe(1);
    expect(connection.lastError).toBeNull();
    const { client, messages } = await listen(broker.url, 't/#');
    clients.push(client);
    await waitUntil('the retained availability', () => messages.length > 0);
    // Nothing published while away reached the broker: only the availability.
    expect(messages).toEqual([{ topic: 't/available', payload: 'online', retain: true }]);
  });

  it('comes back after the broker is killed and restarted, and receives commands again', async () => {
    broker = await startMosquitto();
    const received: string[] = [];
    let connects = 0;
    const connection = open(broker.url, {
      onConnect: () => connects++,
      onMessage: (topic, payload, retained) =>
        received.push(`${topic} ${payload.toString()}${retained ? ' (retained)' : ''}`),
    });
    await waitUntil('the connection', () => connection.connectionState === 'connected');

    await broker.kill();
    await waitUntil('the loss', () => connection.connectionState === 'disconnected');
    expect(
      lines.some((l) => /^WARN lost the connection to mqtt:\/\/127\.0\.0\.1:\d+/.test(l)),
    ).toBe(true);
    await broker.restart();
    await waitUntil('the reconnection', () => connects === 2);

    const commander = await connectAsync(broker.url, { reconnectPeriod: 0 });
    clients.push(commander);
    await waitUntil('the subscription', () => {
      commander.publish('t/cam/set', 'ON', { qos: 1 });
      return received.length > 0;
    });
    expect(received[0]).toBe('t/cam/set ON');
  });

  it('has the broker say `offline` for it when it vanishes, and says it itself on a clean stop', async () => {
    broker = await startMosquitto();
    const connection = open(broker.url);
    await waitUntil('the connection', () => connection.connectionState === 'connected');
    const { client, messages } = await listen(broker.url, 't/available');
    clients.push(client);
    await waitUntil('the retained state', () => messages.length === 1);
    // The socket dies without a DISCONNECT, as when the server is killed: the last will.
    (connection as unknown as { client: MqttClient }).client.stream.destroy();
    await waitUntil('the will, then online again', () => messages.length === 3);
    expect(messages.map((m) => m.payload)).toEqual(['online', 'offline', 'online']);
    await connection.stop();
    await waitUntil('the clean offline', () => messages.length === 4);
    expect(messages[3]).toEqual({ topic: 't/available', payload: 'offline', retain: false });
  });

  it('reports a refused login without repeating the password', async () => {
    broker = await startMosquitto({ login: { username: 'nvr', password: 'right-one' } });
    const connection = open(broker.url.replace('://', '://nvr:wrong-one@'));
    await waitUntil('the refusal', () => connection.lastError !== null);
    expect(connection.lastError).toMatch(/Not authorized|Bad User Name or Password/i);
    await waitUntil('the warning', () => lines.some((l) => l.startsWith('WARN')));
    expect(lines.join('\n')).not.toContain('wrong-one');
    expect(lines.join('\n')).toContain('mqtt://nvr:***@127.0.0.1:');

    const good = open(broker.url.replace('://', '://nvr:right-one@'));
    await waitUntil('the login', () => good.connectionState === 'connected');
  });
});
