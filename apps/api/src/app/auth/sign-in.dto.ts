import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { SignInRequest } from '@camrec/shared-types';

export class SignInDto implements SignInRequest {
  @ApiProperty({ description: 'the access token (auth_token, or the generated one)' })
  @IsString({ message: 'token must be a string' })
  @MaxLength(256, { message: 'token must be at most 256 characters' })
  token!: string;
}
