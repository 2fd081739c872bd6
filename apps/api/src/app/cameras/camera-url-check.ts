import { BadRequestException } from '@nestjs/common';
import { parseUrlTemplate, SourceUrlError } from '@camrec/media';

/**
 * A saved camera's URL (it may name `${VARIABLE}`s) checked like a pasted one: a 400 naming the
 * field with the reason, credentials masked by the URL check. The check's messages say `url`
 * once, before any URL they quote (`url is not a valid URL: …`, `the password in url has …`).
 */
export function checkCameraUrl(url: string, field: 'url' | 'substream_url'): void {
  try {
    parseUrlTemplate(url.trim());
  } catch (error) {
    if (error instanceof SourceUrlError) {
      throw new BadRequestException(
        field === 'url' ? error.message : error.message.replace(/\burl\b/, field),
      );
    }
    throw error;
  }
}
