import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';

/** The body of every error answer (ApiExceptionFilter builds it). */
export class ApiError implements Api.ApiError {
  @ApiProperty({ example: 404 })
  statusCode!: number;

  @ApiProperty({ example: 'Not Found' })
  error!: string;

  @ApiProperty({ example: 'session 3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b not found' })
  message!: string;
}

/** The error statuses a route answers, each with what it means there; all share ApiError. */
export function ApiErrorResponses(descriptions: Record<number, string>): MethodDecorator {
  return applyDecorators(
    ...Object.entries(descriptions).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, type: ApiError }),
    ),
  );
}
