import { OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { PreviewService } from './preview.service';

/** `ws://HOST:PORT/stream?session_id=…&format=mse|jpeg|json` on the API's own port. */
@WebSocketGateway({ path: '/stream' })
export class StreamGateway implements OnGatewayConnection {
  constructor(private readonly preview: PreviewService) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    this.preview.attach(socket, request.url ?? '');
  }
}
