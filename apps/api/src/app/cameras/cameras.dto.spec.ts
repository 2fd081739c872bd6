import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { CreateCameraDto, RangeQuery, SegmentQuery, UpdateCameraDto } from './cameras.dto';

/** The pipe as create-app.ts installs it, on the bodies of POST and PATCH /cameras. */
const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
const validate = (metatype: typeof CreateCameraDto | typeof UpdateCameraDto, body: unknown) =>
  pipe.transform(body, { type: 'body', metatype });
const refusal = async (
  metatype: typeof CreateCameraDto | typeof UpdateCameraDto,
  body: unknown,
) => {
  const error = await validate(metatype, body).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadRequestException);
  const message = (error as BadRequestException).getResponse() as { message: string[] };
  return message.message.join('; ');
};

const CAMERA = { name: 'Porch', url: 'rtsp://127.0.0.1:554/stream' };
const FIELDS = ['name', 'url', 'enabled', 'record', 'segment_s', 'mjpeg_storage', 'insecure_tls', 'motion']; // prettier-ignore

describe('camera request bodies', () => {
  // Let through, a null reached the index (a 500 for record, segment_s, mjpeg_storage; url's
  // trim() threw), was taken as "left out", or was stored in the motion settings.
  it.each(FIELDS)('refuses %s: null in a PATCH, naming the field', async (field) => {
    expect(await refusal(UpdateCameraDto, { [field]: null })).toMatch(new RegExp(`^${field} `));
  });

  it.each([...FIELDS.slice(2), 'verify'])('refuses %s: null in a POST', async (field) => {
    expect(await refusal(CreateCameraDto, { ...CAMERA, [field]: null })).toMatch(
      new RegExp(`^${field} `),
    );
  });

  it.each(['sensitivity', 'min_area_pct', 'zones_excluded', 'record', 'pre_roll_s', 'post_roll_s'])(
    'refuses motion.%s: null',
    async (field) => {
      const body = { motion: { enabled: true, [field]: null } };
      expect(await refusal(UpdateCameraDto, body)).toMatch(new RegExp(`^motion\\.${field} `));
    },
  );

  it('refuses motion settings that are not an object', async () => {
    expect(await refusal(UpdateCameraDto, { motion: [] })).toMatch(/motion must be an object/);
    expect(await refusal(CreateCameraDto, { ...CAMERA, motion: 'on' })).toMatch(
      /motion must be an object/,
    );
  });

  it.each([0x00, 0x0a, 0x1b, 0x7f, 0x80, 0x85, 0x9b, 0x9f])(
    'refuses a name holding the control character %i',
    async (code) => {
      const name = `Porch ${String.fromCharCode(code)}[2J`;
      expect(await refusal(CreateCameraDto, { ...CAMERA, name })).toMatch(/^name must not/);
      expect(await refusal(UpdateCameraDto, { name })).toMatch(/^name must not/);
    },
  );

  it('takes a name in any script, with markup or quotes', async () => {
    for (const name of ['Caméra 東京 📷', 'كاميرا', '<script>alert(1)</script>', "O'Brien; --"]) {
      await expect(validate(UpdateCameraDto, { name })).resolves.toEqual({ name });
    }
  });

  it('takes substream_url null (no substream) and fields left out', async () => {
    await expect(validate(UpdateCameraDto, { substream_url: null })).resolves.toEqual({
      substream_url: null,
    });
    await expect(validate(UpdateCameraDto, {})).resolves.toEqual({});
    await expect(validate(CreateCameraDto, { ...CAMERA, substream_url: null })).resolves.toEqual({
      ...CAMERA,
      substream_url: null,
    });
    await expect(
      validate(UpdateCameraDto, { enabled: false, segment_s: 2, motion: { enabled: true } }),
    ).resolves.toEqual({ enabled: false, segment_s: 2, motion: { enabled: true } });
  });
});

describe('camera history queries', () => {
  const query = (metatype: typeof RangeQuery, value: Record<string, unknown>) =>
    pipe.transform(value, { type: 'query', metatype });

  // The offline list read start and end by name and ignored the rest: a limit sent there, or
  // start[a]=1, was silently dropped, where the segment list refused it.
  it.each([RangeQuery, SegmentQuery])(
    '%p refuses a parameter it does not take',
    async (metatype) => {
      await expect(query(metatype, { foo: '1' })).rejects.toThrow(BadRequestException);
      await expect(query(metatype, { 'start[a]': '1' })).rejects.toThrow(BadRequestException);
      await expect(query(metatype, { start: ['1', '2'] })).rejects.toThrow(BadRequestException);
    },
  );

  it('takes no limit for offline periods, a limit of 1 to 5000 for segments', async () => {
    await expect(query(RangeQuery, { limit: '10' })).rejects.toThrow(BadRequestException);
    await expect(query(SegmentQuery, { limit: '10' })).resolves.toEqual({ limit: 10 });
    await expect(query(RangeQuery, { start: '1', end: '2' })).resolves.toEqual({
      start: '1',
      end: '2',
    });
  });
});
