import { OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { LiveService } from './live.service';

/**
 * A client only ever sends `{"type":"stats"}`; anything bigger is refused (close 1009) instead
 * of being buffered (ws' default allows 100 MiB per message).
 */
export const STREAM_MAX_PAYLOAD_BYTES = 4 * 1024;

/**
 * `ws://HOST:PORT/stream?session_id=…&format=mse|jpeg|json` on the API's own port. Host,
 * Origin and the access token are checked during the upgrade, before this gateway sees the
 * socket (`AccessCheckedWsAdapter`).
 */
@WebSocketGateway({ path: '/stream', maxPayload: STREAM_MAX_PAYLOAD_BYTES })
export class StreamGateway implements OnGatewayConnection {
  constructor(private readonly live: LiveService) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    this.live.attach(socket, request.url ?? '');
  }
}
