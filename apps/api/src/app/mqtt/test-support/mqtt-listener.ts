import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';

/** A message as a test subscriber received it, with the time it arrived. */
export interface Received {
  topic: string;
  payload: Buffer;
  /** Set by the broker for a retained message sent because of a new subscription. */
  retain: boolean;
  at: number;
}

export interface Listener {
  client: MqttClient;
  messages: Received[];
  /** The first message (from index `from` on) that `match` accepts, waiting up to `timeoutMs`. */
  next(match: (m: Received) => boolean, timeoutMs?: number, from?: number): Promise<Received>;
  close(): Promise<void>;
}

/** A test subscriber on the real broker: keeps every message of `topics`. */
export async function listen(
  url: string,
  topics: string[],
  options: IClientOptions = {},
): Promise<Listener> {
  const client = await connectAsync(url, { reconnectPeriod: 0, ...options });
  const messages: Received[] = [];
  client.on('message', (topic, payload, packet) =>
    messages.push({ topic, payload, retain: packet.retain, at: Date.now() }),
  );
  if (topics.length) await client.subscribeAsync(topics, { qos: 1 });
  return {
    client,
    messages,
    async next(match, timeoutMs = 10_000, from = 0) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.slice(from).find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = messages.map(
            (m) =>
              `${m.topic}=${m.payload.length > 60 ? `<${m.payload.length} bytes>` : m.payload}`,
          );
          throw new Error(`no such MQTT message; received: ${seen.slice(-30).join(', ')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => client.endAsync(true),
  };
}

export const text = (m: Received) => m.payload.toString('utf8');
