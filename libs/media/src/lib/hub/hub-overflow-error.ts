/** A lossless subscription fell behind by more than its bound: the consumer lost data. */
export class HubOverflowError extends Error {
  override readonly name = 'HubOverflowError';

  constructor(
    readonly subscriber: string,
    readonly maxQueueBytes: number,
  ) {
    super(`${subscriber} could not keep up: queue exceeded ${maxQueueBytes} bytes`);
  }
}
