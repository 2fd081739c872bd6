import { createHash } from 'node:crypto';
import {
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { InvalidVideoNameError, VideoNotFoundError } from './recording-errors';
import { checkVideoName, VideoLibrary } from './video-library';
import type { VideoMetadata } from './video-metadata';

const OLD = 'a1_20250101-080000.mp4';
const NEW = 'b2_20250102-090000.mp4';
const BAIT = 's_20250101-000000.mp4';

function metadata(filename: string, createdAt: string): VideoMetadata {
  return {
    filename,
    session_id: filename.split('_')[0],
    created_at: createdAt,
    duration_s: 5,
    size_bytes: 10,
    width: 640,
    height: 480,
    video_codec: 'h264',
    audio_codec: 'aac',
    has_thumbnail: true,
  };
}

/** Every file under `root` with its content hash and times: "untouched" means equal. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stats = statSync(path, { throwIfNoEntry: false });
      if (stats?.isDirectory()) walk(path);
      else {
        const hash = stats
          ? createHash('sha1').update(readFileSync(path)).digest('hex')
          : 'dangling';
        out[relative(root, path)] = `${hash} ${stats?.mtimeMs}`;
      }
    }
  };
  walk(root);
  return out;
}

describe('VideoLibrary', () => {
  let root: string;
  let videosDir: string;
  let library: VideoLibrary;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'camrec-library-'));
    videosDir = join(root, 'videos');
    mkdirSync(videosDir);
    mkdirSync(join(root, 'outside'));
    // Bait: files with recording names outside the videos folder.
    writeFileSync(join(root, BAIT), 'secret one level up');
    writeFileSync(join(root, 'outside', BAIT), 'secret next door');
    writeFileSync(join(root, 'outside', 's_20250101-000000.jpg'), 'secret thumbnail');
    for (const [name, created] of [
      [OLD, '2025-01-01T08:00:00.000Z'],
      [NEW, '2025-01-02T09:00:00.000Z'],
    ]) {
      writeFileSync(join(videosDir, name), `video ${name}`);
      writeFileSync(join(videosDir, name.replace('.mp4', '.jpg')), 'jpeg');
      writeFileSync(
        join(videosDir, name.replace('.mp4', '.json')),
        JSON.stringify(metadata(name, created)),
      );
    }
    symlinkSync(join(root, 'outside', BAIT), join(videosDir, 'evil_20250101-000000.mp4'));
    library = new VideoLibrary(videosDir);
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists videos newest first from their metadata, skipping parts and strays', async () => {
    writeFileSync(join(videosDir, 'c3_20250103-100000.mp4.part'), 'recording');
    writeFileSync(join(videosDir, 'd4_20250104-100000.mp4'), 'no metadata yet');
    writeFileSync(join(videosDir, 'notes.json'), '{}');
    const videos = await library.list();
    expect(videos.map((video) => video.filename)).toEqual([NEW, OLD]);
  });

  it('lists nothing when the folder does not exist yet', async () => {
    await expect(new VideoLibrary(join(root, 'missing')).list()).resolves.toEqual([]);
  });

  it('resolves a recording name to its file', async () => {
    const file = await library.video(NEW);
    expect(file.path).toBe(join(videosDir, NEW));
    expect(file.size).toBe(`video ${NEW}`.length);
    expect((await library.thumbnail(NEW)).path).toBe(join(videosDir, NEW.replace('.mp4', '.jpg')));
  });

  it('deletes a video with its thumbnail and metadata', async () => {
    await library.delete(OLD);
    expect(readdirSync(videosDir).filter((name) => name.startsWith('a1_'))).toEqual([]);
    await expect(library.video(OLD)).rejects.toBeInstanceOf(VideoNotFoundError);
  });

  it('answers "not found" for a well-formed name with no video', async () => {
    await expect(library.video('zz_20250101-000000.mp4')).rejects.toBeInstanceOf(
      VideoNotFoundError,
    );
    await expect(library.delete('zz_20250101-000000.mp4')).rejects.toBeInstanceOf(
      VideoNotFoundError,
    );
  });

  it('accepts a link that stays inside the videos folder', async () => {
    symlinkSync(join(videosDir, NEW), join(videosDir, 'link_20250101-000000.mp4'));
    await expect(library.video('link_20250101-000000.mp4')).resolves.toMatchObject({
      size: `video ${NEW}`.length,
    });
  });

  const payloads = [
    `../${BAIT}`,
    `..%2F${BAIT}`,
    `%2e%2e%2f${BAIT}`,
    `%252e%252e%252f${BAIT}`,
    `..\\${BAIT}`,
    `....//${BAIT}`,
    `.%2e/${BAIT}`,
    `../outside/${BAIT}`,
    `${NEW}/../../${BAIT}`,
    `/etc/passwd`,
    `/${BAIT}`,
    `ROOT/outside/${BAIT}`,
    `C:\\Windows\\win.ini`,
    `\\\\server\\share\\${BAIT}`,
    `file:///etc/passwd`,
    `${NEW}\0.jpg`,
    `${NEW}\0`,
    `\u2025/${BAIT}`,
    `\uff0e\uff0e\uff0f${BAIT}`,
    `..`,
    `.`,
    ``,
    `${NEW} `,
    `${NEW}.part`,
    NEW.replace('.mp4', '.json'),
    `evil_20250101-000000.mp4`,
  ];

  it(`refuses ${payloads.length} traversal payloads and leaves the file system untouched`, async () => {
    const before = snapshot(root);
    for (const raw of payloads) {
      const name = raw.replace('ROOT', root);
      for (const attempt of [
        () => library.video(name),
        () => library.thumbnail(name),
        () => library.metadata(name),
        () => library.delete(name),
      ]) {
        const error = await attempt().then(
          () => new Error(`accepted ${JSON.stringify(name)}`),
          (e: Error) => e,
        );
        expect(
          [InvalidVideoNameError, VideoNotFoundError].some((type) => error instanceof type),
        ).toBe(true);
      }
    }
    expect(snapshot(root)).toEqual(before);
  });

  it('says what a video name must look like', () => {
    expect(() => checkVideoName('../x')).toThrow('expected {session_id}_{YYYYMMDD-HHMMSS}.mp4');
    expect(() => checkVideoName(42)).toThrow('a video name is required');
  });
});
