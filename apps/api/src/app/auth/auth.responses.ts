import { ApiProperty } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';

export class AuthStatus implements Api.AuthStatus {
  @ApiProperty({ description: 'True when the server listens beyond loopback' })
  token_required!: boolean;

  @ApiProperty({ description: 'True when this client sent the token, or none is needed' })
  signed_in!: boolean;

  @ApiProperty({ description: 'True when the server serves HTTPS and WSS' })
  tls!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Set when the token and the video travel in clear text',
  })
  warning!: string | null;
}
