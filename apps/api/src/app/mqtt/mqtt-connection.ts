import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import type { BrokerLogin } from './broker-login';

export interface MqttLogger {
  log(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface MqttConnectionOptions {
  login: BrokerLogin;
  /** Where `online` is published at every connect, and `offline` by the broker's last will. */
  availabilityTopic: string;
  /** Subscribed at every connect (QoS 1). */
  subscriptions: string[];
  /** Connected (again): publish the current state. */
  onConnect: () => void;
  onMessage: (topic: string, payload: Buffer, retained: boolean) => void;
  logger: MqttLogger;
  /** Delay before the first reconnect, doubled after each failure up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

export type MqttConnectionState = 'connected' | 'disconnected';

export interface PublishOptions {
  retain: boolean;
}

/**
 * The one connection to the MQTT broker (the `mqtt` client), for the life of the server.
 * A broker that is down or goes away never stops the server: the client tries again after 1,
 * 2, 4 … up to 30 s, for ever. Nothing queues while it is away: `publish` drops what it is
 * given then (and says so), and every connect publishes the current state afresh.
 */
export class MqttConnection {
  private readonly client: MqttClient;
  private state: MqttConnectionState = 'disconnected';
  private error: string | null = null;
  private connectedAt: number | null = null;
  private retryMs: number;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The error last logged as a warning: the same one again while retrying is a debug line. */
  private warned: string | null = null;

  constructor(private readonly options: MqttConnectionOptions) {
    this.retryMs = options.firstRetryMs ?? 1000;
    const { login } = options;
    this.client = connect(login.url, {
      clientId: `camrec-${randomBytes(4).toString('hex')}`,
      manualConnect: true,
      username: login.username,
      password: login.password,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      // Reconnects are ours (with backoff); mqtt.js would retry at a fixed period.
      reconnectPeriod: 0,
      resubscribe: false,
      queueQoSZero: false,
      will: {
        topic: options.availabilityTopic,
        payload: Buffer.from('offline'),
        qos: 1,
        retain: true,
      },
    });
    this.client.on('connect', () => this.connected());
    this.client.on('close', () => this.closed());
    // Without a listener an 'error' event would crash the server.
    this.client.on('error', (error) => (this.error = describeError(error)));
    this.client.on('message', (topic, payload, packet) =>
      this.options.onMessage(topic, payload, packet.retain),
    );
  }

  /** Connects; failures are retried for ever (see the class comment). */
  start(): void {
    this.client.connect();
  }

  get connectionState(): MqttConnectionState {
    return this.state;
  }

  get lastError(): string | null {
    return this.error;
  }

  /** When the current connection was made (ms), null while disconnected. */
  get connectedSince(): number | null {
    return this.connectedAt;
  }

  /**
   * Publishes at QoS 1, or drops the message when the broker is not connected (the state is
   * published again at the next connect). True when it was handed to the connection.
   */
  publish(topic: string, payload: string | Buffer, options: PublishOptions): boolean {
    if (this.state !== 'connected') return false;
    this.client.publish(topic, payload, { qos: 1, retain: options.retain }, (error) => {
      if (error) this.options.logger.debug(`publish ${topic}: ${error.message}`);
    });
    return true;
  }

  /** Says `offline` itself (a clean disconnect does not fire the last will), then disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const wasConnected = this.state === 'connected';
    if (wasConnected) this.publish(this.options.availabilityTopic, 'offline', { retain: true });
    const ended = this.client.endAsync(!wasConnected);
    // A broker that stops answering must not hold the shutdown.
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    if (this.client.connected) await this.client.endAsync(true);
    this.state = 'disconnected';
  }

  private connected(): void {
    this.state = 'connected';
    this.connectedAt = Date.now();
    this.error = null;
    this.warned = null;
    this.retryMs = this.options.firstRetryMs ?? 1000;
    this.options.logger.log(`connected to ${this.options.login.label}`);
    this.client.subscribe(this.options.subscriptions, { qos: 1 }, (error) => {
      if (error) this.options.logger.warn(`could not subscribe: ${error.message}`);
    });
    this.publish(this.options.availabilityTopic, 'online', { retain: true });
    this.options.onConnect();
  }

  private closed(): void {
    const wasConnected = this.state === 'connected';
    this.state = 'disconnected';
    this.connectedAt = null;
    if (this.stopped) return;
    const why = this.error ?? 'the connection closed';
    const next = `trying again in ${this.retryMs / 1000} s`;
    if (wasConnected) {
      this.options.logger.warn(
        `lost the connection to ${this.options.login.label}: ${why}; ${next}`,
      );
    } else if (this.warned !== why) {
      this.options.logger.warn(`cannot connect to ${this.options.login.label}: ${why}; ${next}`);
    } else {
      this.options.logger.debug(`cannot connect: ${why}; ${next}`);
    }
    this.warned = why;
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped) this.client.reconnect();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 30_000);
  }
}

/** mqtt.js errors: a socket error (code and message) or a refused CONNACK (its reason). */
function describeError(error: Error & { code?: string | number }): string {
  return error.message || String(error.code ?? 'unknown error');
}
