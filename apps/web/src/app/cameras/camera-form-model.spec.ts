import { HttpErrorResponse } from '@angular/common/http';
import { cameraInfo, sessionItem } from '../../test-support/api-fixtures';
import { describeHttpError } from '../api/api-error';
import {
  NEW_CAMERA,
  checkValues,
  createRequest,
  errorsOfFailure,
  firstErrorField,
  updateRequest,
  valuesOfCamera,
  valuesOfSession,
} from './camera-form-model';

function apiFailure(status: number, message: string) {
  return describeHttpError(
    new HttpErrorResponse({ status, error: { statusCode: status, error: 'E', message } }),
  );
}

describe('camera form model', () => {
  const saved = cameraInfo('c1', {
    name: 'Porch',
    url: 'rtsp://admin:***@cam.local/main',
    substream_url: 'rtsp://admin:***@cam.local/sub',
    record: 'motion',
    motion: { ...cameraInfo('x').motion, enabled: true, sensitivity: 70 },
  });

  describe('updateRequest', () => {
    it('sends nothing when nothing changed: the masked URLs are not sent back', () => {
      expect(updateRequest(saved, valuesOfCamera(saved))).toEqual({});
    });

    it('sends only the fields that changed', () => {
      const values = {
        ...valuesOfCamera(saved),
        name: ' Back door ',
        record: 'continuous' as const,
      };
      expect(updateRequest(saved, values)).toEqual({ name: 'Back door', record: 'continuous' });
    });

    it('sends a URL the person typed again, with its password', () => {
      const values = { ...valuesOfCamera(saved), url: 'rtsp://admin:n3w@cam.local/main' };
      expect(updateRequest(saved, values)).toEqual({ url: 'rtsp://admin:n3w@cam.local/main' });
    });

    it('removes the substream when its field is emptied', () => {
      const values = { ...valuesOfCamera(saved), substreamUrl: '  ' };
      expect(updateRequest(saved, values)).toEqual({ substream_url: null });
    });

    it('disables and enables', () => {
      expect(updateRequest(saved, { ...valuesOfCamera(saved), enabled: false })).toEqual({
        enabled: false,
      });
    });

    it('keeps the motion tuning when motion detection is switched', () => {
      const values = { ...valuesOfCamera(saved), motionEnabled: false };
      expect(updateRequest(saved, values)).toEqual({
        motion: { ...saved.motion, enabled: false, sensitivity: 70 },
      });
    });
  });

  describe('checkValues', () => {
    it('accepts an edit that keeps the masked URLs', () => {
      expect(checkValues(valuesOfCamera(saved), saved)).toEqual({});
    });

    it('refuses a masked URL that was edited but still holds the mask', () => {
      const values = { ...valuesOfCamera(saved), url: 'rtsp://admin:***@cam.local:8554/main' };
      expect(checkValues(values, saved).url).toMatch(/Type the whole URL with its password/);
      const sub = { ...valuesOfCamera(saved), substreamUrl: 'rtsp://admin:***@other/sub' };
      expect(checkValues(sub, saved).substream_url).toMatch(/\*\*\* only stands for/);
    });

    it('asks for a name and a URL', () => {
      const errors = checkValues(NEW_CAMERA, null);
      expect(Object.keys(errors)).toEqual(['name', 'url']);
      expect(firstErrorField(errors)).toBe('name');
    });
  });

  it('builds the create request from the form, without an empty substream', () => {
    const values = {
      ...NEW_CAMERA,
      name: ' Gate ',
      url: ' rtsp://u:p@gate/1 ',
      record: 'continuous' as const,
      motionEnabled: true,
    };
    expect(createRequest(values)).toEqual({
      name: 'Gate',
      url: 'rtsp://u:p@gate/1',
      record: 'continuous',
      insecure_tls: false,
      motion: { enabled: true },
    });
    expect(createRequest({ ...values, substreamUrl: 'rtsp://u:p@gate/2' }).substream_url).toBe(
      'rtsp://u:p@gate/2',
    );
    // Saved but closed: the server then saves it without opening it.
    expect(createRequest({ ...values, enabled: false }).enabled).toBe(false);
    // The ONVIF login Find cameras read the streams with goes along (PTZ).
    const onvif = { address: '10.0.0.5:8080', username: 'admin', password: 'pw' };
    expect(createRequest({ ...values, onvif })).toMatchObject({
      onvif_address: '10.0.0.5:8080',
      onvif_username: 'admin',
      onvif_password: 'pw',
    });
  });

  it('pre-fills "Save as camera" with what the session tells, not a masked URL', () => {
    const masked = sessionItem('s1', {
      name: 'Porch',
      source_url: 'rtsp://admin:***@cam.local/live',
      insecure_tls: true,
      motion: { enabled: true, active: false, score: 0, last_event_at: null },
    });
    expect(valuesOfSession(masked)).toEqual({
      ...NEW_CAMERA,
      name: 'Porch',
      url: '',
      insecureTls: true,
      motionEnabled: true,
    });
    const plain = sessionItem('s2', { source_url: 'http://cam.local/video.mjpg' });
    expect(valuesOfSession(plain).url).toBe('http://cam.local/video.mjpg');
  });

  describe('errorsOfFailure', () => {
    it.each([
      [400, 'url must use rtsp, rtsps, http or https', 'url'],
      [400, 'substream_url must use rtsp, rtsps, http or https', 'substream_url'],
      [400, 'name must be shorter than or equal to 60 characters', 'name'],
      [409, 'a camera named "Porch" already exists', 'name'],
      [400, 'record must be one of the following values: off, motion, continuous', 'record'],
      [502, 'camera answered 401 Unauthorized', 'url'],
      [504, 'no frame within 5 s (3 attempts)', 'url'],
      [502, 'substream: connection refused', 'substream_url'],
      [502, 'TLS certificate verify failed: self-signed certificate', 'insecure_tls'],
      [409, 'camera limit reached (16 of 16)', 'form'],
      [500, 'database is locked', 'form'],
    ])('%i %s → %s', (status, message, field) => {
      const errors = errorsOfFailure(apiFailure(status, message));
      expect(Object.keys(errors)).toEqual([field]);
      expect(Object.values(errors)[0]?.toLowerCase()).toContain(message.slice(0, 12).toLowerCase());
    });

    it('puts anything else at the form', () => {
      expect(errorsOfFailure(new Error('offline'))).toEqual({ form: 'offline' });
    });
  });
});
