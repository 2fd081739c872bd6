import type { Catalog } from './catalog';
import { CatalogConflictError } from './catalog-errors';
import { manualClock, openTempCatalog } from './test-support/temp-catalog';

describe('CameraStore', () => {
  let catalog: Catalog;
  let dispose: () => Promise<void>;
  const clock = manualClock();

  beforeEach(async () => ({ catalog, dispose } = await openTempCatalog({ now: clock.now })));
  afterEach(() => dispose());

  const door = { name: 'Door', url: 'rtsp://admin:secret@door/1', motion: { sensitivity: 5 } };

  it('inserts a camera with the defaults of POST /cameras and returns it with credentials', async () => {
    const camera = await catalog.cameras.insert(door);
    expect(camera).toEqual({
      id: expect.stringMatching(/^[a-z2-7]{12}$/),
      name: 'Door',
      url: 'rtsp://admin:secret@door/1',
      substream_url: null,
      enabled: true,
      record_mode: 'off',
      segment_s: 60,
      mjpeg_storage: 'h264',
      insecure_tls: false,
      motion: { sensitivity: 5 },
      onvif_address: null,
      onvif_username: null,
      onvif_password: null,
      created_at: clock.now(),
      updated_at: clock.now(),
      deleted_at: null,
    });
    expect(await catalog.cameras.get(camera.id)).toEqual(camera);
  });

  it('gives every camera its own URL-safe id', async () => {
    const ids = new Set<string>();
    for (let n = 0; n < 20; n++) {
      ids.add((await catalog.cameras.insert({ ...door, name: `Cam ${n}` })).id);
    }
    expect(ids.size).toBe(20);
  });

  it('lists cameras not deleted, in the order they were added', async () => {
    const a = await catalog.cameras.insert({ ...door, name: 'A' });
    clock.advance(1);
    const b = await catalog.cameras.insert({ ...door, name: 'B', record_mode: 'continuous' });
    clock.advance(1);
    const c = await catalog.cameras.insert({ ...door, name: 'C' });
    await catalog.cameras.softDelete(b.id);
    expect((await catalog.cameras.list()).map((camera) => camera.id)).toEqual([a.id, c.id]);
  });

  it('updates only the given fields and moves updated_at', async () => {
    const camera = await catalog.cameras.insert(door);
    clock.advance(5_000);
    const updated = await catalog.cameras.update(camera.id, {
      enabled: false,
      insecure_tls: true,
      substream_url: 'rtsp://door/2',
      motion: { sensitivity: 9 },
    });
    expect(updated).toEqual({
      ...camera,
      enabled: false,
      insecure_tls: true,
      substream_url: 'rtsp://door/2',
      motion: { sensitivity: 9 },
      updated_at: camera.created_at + 5_000,
    });
    expect(await catalog.cameras.get(camera.id)).toEqual(updated);
  });

  it('keeps the ONVIF details of a camera, password included, and forgets them on null', async () => {
    const onvif = {
      onvif_address: '192.168.1.10:8080',
      onvif_username: 'admin',
      onvif_password: 'p@ss',
    };
    const camera = await catalog.cameras.insert({ ...door, ...onvif });
    expect(camera).toMatchObject(onvif);
    expect(await catalog.cameras.get(camera.id)).toMatchObject(onvif);
    const renamed = await catalog.cameras.update(camera.id, { onvif_password: 'new' });
    expect(renamed).toMatchObject({ ...onvif, onvif_password: 'new' });
    const forgotten = await catalog.cameras.update(camera.id, {
      onvif_address: null,
      onvif_username: null,
      onvif_password: null,
    });
    expect(forgotten).toMatchObject({
      onvif_address: null,
      onvif_username: null,
      onvif_password: null,
    });
  });

  it('answers undefined when updating a camera that does not exist or was deleted', async () => {
    const camera = await catalog.cameras.insert(door);
    await catalog.cameras.softDelete(camera.id);
    expect(await catalog.cameras.update(camera.id, { name: 'Back' })).toBeUndefined();
    expect(await catalog.cameras.update('nope', { name: 'Back' })).toBeUndefined();
  });

  it('soft-deletes: get and list hide the camera, getIncludingDeleted still names it', async () => {
    const camera = await catalog.cameras.insert(door);
    clock.advance(1_000);
    expect(await catalog.cameras.softDelete(camera.id)).toBe(true);
    expect(await catalog.cameras.softDelete(camera.id)).toBe(false);
    expect(await catalog.cameras.get(camera.id)).toBeUndefined();
    expect(await catalog.cameras.list()).toEqual([]);
    expect(await catalog.cameras.getIncludingDeleted(camera.id)).toMatchObject({
      name: 'Door',
      deleted_at: camera.created_at + 1_000,
    });
  });

  it('refuses a second camera with the same name in any case, naming the field', async () => {
    await catalog.cameras.insert(door);
    const conflict = catalog.cameras.insert({ ...door, name: 'DOOR' });
    await expect(conflict).rejects.toThrow(CatalogConflictError);
    await expect(catalog.cameras.insert({ ...door, name: 'door' })).rejects.toMatchObject({
      field: 'name',
    });
    await expect(catalog.cameras.insert({ ...door, name: 'DOOR' })).rejects.toThrow(
      'a camera named "DOOR" already exists',
    );
  });

  it('folds non-ASCII letters too when comparing names', async () => {
    await catalog.cameras.insert({ ...door, name: 'Café' });
    await expect(catalog.cameras.insert({ ...door, name: 'CAFÉ' })).rejects.toThrow(
      CatalogConflictError,
    );
  });

  it('refuses renaming a camera to a name another camera has', async () => {
    await catalog.cameras.insert(door);
    const yard = await catalog.cameras.insert({ ...door, name: 'Yard' });
    await expect(catalog.cameras.update(yard.id, { name: 'door' })).rejects.toMatchObject({
      field: 'name',
    });
    expect(await catalog.cameras.update(yard.id, { name: 'YARD' })).toMatchObject({
      name: 'YARD',
    });
  });

  it('frees the name of a deleted camera', async () => {
    const old = await catalog.cameras.insert(door);
    await catalog.cameras.softDelete(old.id);
    const again = await catalog.cameras.insert({ ...door, name: 'door' });
    expect(again.id).not.toBe(old.id);
    await catalog.cameras.softDelete(again.id);
    await expect(catalog.cameras.insert(door)).resolves.toMatchObject({ name: 'Door' });
  });

  it('tells whether a name is taken, in any case, except by a given camera', async () => {
    const camera = await catalog.cameras.insert(door);
    expect(await catalog.cameras.nameTaken('DOOR')).toBe(true);
    expect(await catalog.cameras.nameTaken('door', camera.id)).toBe(false);
    expect(await catalog.cameras.nameTaken('Yard')).toBe(false);
    await catalog.cameras.softDelete(camera.id);
    expect(await catalog.cameras.nameTaken('Door')).toBe(false);
  });
});
