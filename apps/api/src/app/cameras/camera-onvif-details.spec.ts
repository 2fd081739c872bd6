import type { CameraRow } from '@camrec/catalog';
import { onvifChanges, onvifFields } from './camera-onvif-details';

const saved = {
  onvif_address: '10.0.0.5',
  onvif_username: 'admin',
  onvif_password: 'pw',
} as CameraRow;
const none = { onvif_address: null, onvif_username: null, onvif_password: null } as CameraRow;

describe("a camera's ONVIF details", () => {
  it('saves none, or an address with its user (no password: empty)', () => {
    expect(onvifFields({ name: 'a', url: 'rtsp://x' })).toEqual(none);
    expect(
      onvifFields({
        name: 'a',
        url: 'rtsp://x',
        onvif_address: ' 10.0.0.5:8080 ',
        onvif_username: 'admin',
      }),
    ).toEqual({
      // prettier-ignore
      onvif_address: '10.0.0.5:8080',
      onvif_username: 'admin',
      onvif_password: '',
    });
  });

  it.each([
    [{ onvif_address: '10.0.0.5' }, 'onvif_username is needed with onvif_address'],
    [{ onvif_username: 'admin' }, 'onvif_address is needed'],
    [{ onvif_address: 'ftp://10.0.0.5', onvif_username: 'a' }, 'onvif_address scheme "ftp:" is not allowed'], // prettier-ignore
    [{ onvif_address: '169.254.169.254', onvif_username: 'a' }, 'onvif_address 169.254.169.254 is a link-local address'], // prettier-ignore
    [{ onvif_address: '[ff02::1]', onvif_username: 'a' }, 'onvif_address ff02::1 is not a unicast address'], // prettier-ignore
    [{ onvif_address: '', onvif_username: 'a' }, 'onvif_address must not be empty'],
  ])('refuses %j naming the field', (fields, message) => {
    expect(() => onvifFields({ name: 'a', url: 'rtsp://x', ...fields })).toThrow(message);
  });

  it('changes only what a PATCH gives, keeps the password unless given, forgets all on null', () => {
    expect(onvifChanges(saved, { name: 'b' })).toEqual({});
    expect(onvifChanges(saved, { onvif_username: 'other' })).toEqual({ ...saved, onvif_username: 'other' }); // prettier-ignore
    expect(onvifChanges(saved, { onvif_password: 'new' })).toEqual({ ...saved, onvif_password: 'new' }); // prettier-ignore
    expect(onvifChanges(saved, { onvif_address: null })).toEqual(none);
    expect(() => onvifChanges(none, { onvif_password: 'x' })).toThrow('onvif_address is needed');
    expect(() => onvifChanges(saved, { onvif_username: null })).toThrow('onvif_username is needed'); // prettier-ignore
  });
});
