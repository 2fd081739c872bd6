import type * as Api from '@camrec/shared-types';
import type { components } from './camera-recorder-api';

/**
 * Compile-time proof that every schema of /openapi.json, as a generated client sees it, is
 * exactly the shared-types interface the server and the dashboard use. A new schema without
 * an entry here, or one that differs, fails the type-check naming the schema.
 */
interface SharedTypes {
  ApiError: Api.ApiError;
  OpenSessionDto: Api.OpenSessionRequest;
  CloseSessionDto: Api.CloseSessionRequest;
  StartRecordingDto: Api.StartRecordingRequest;
  StopRecordingDto: Api.StopRecordingRequest;
  VideoInfo: Api.VideoInfo;
  AudioInfo: Api.AudioInfo;
  MediaInfo: Api.MediaInfo;
  SessionInfo: Api.SessionInfo;
  SessionStats: Api.SessionStats;
  SessionListItem: Api.SessionListItem;
  SessionListResponse: Api.SessionListResponse;
  CloseSessionResponse: Api.CloseSessionResponse;
  StartRecordingResponse: Api.StartRecordingResponse;
  StopRecordingResponse: Api.StopRecordingResponse;
  RecordingStatus: Api.RecordingStatus;
  VideoItem: Api.VideoItem;
  VideoListResponse: Api.VideoListResponse;
  FfmpegHealth: Api.FfmpegHealth;
  ProxyEngineHealth: Api.ProxyEngineHealth;
  ProxyHealth: Api.ProxyHealth;
  SessionCounts: Api.HealthResponse['sessions'];
  HealthResponse: Api.HealthResponse;
  AnonymousHealthResponse: Api.AnonymousHealthResponse;
  AuthStatus: Api.AuthStatus;
  SignInDto: Api.SignInRequest;
  MotionSettingsDto: Api.MotionSettingsRequest;
  UpdateVideoDto: Api.UpdateVideoRequest;
  MotionAvailability: Api.MotionAvailability;
  MotionSettingsResponse: Api.MotionSettingsResponse;
  SessionMotionState: Api.SessionMotionState;
  PreRollInfo: Api.PreRollInfo;
  MotionHealth: Api.MotionHealth;
  RetentionDeletion: Api.RetentionDeletion;
  RetentionHealth: Api.RetentionHealth;
  MotionEvent: Api.MotionEvent;
  MotionEventListResponse: Api.MotionEventListResponse;
  MotionSettings: Api.MotionSettings;
  CameraStatus: Api.CameraStatus;
  CameraInfo: Api.CameraInfo;
  CameraListResponse: Api.CameraListResponse;
  CreateCameraDto: Api.CreateCameraRequest;
  UpdateCameraDto: Api.UpdateCameraRequest;
  DeleteCameraResponse: Api.DeleteCameraResponse;
  OfflinePeriod: Api.OfflinePeriod;
  OfflinePeriodListResponse: Api.OfflinePeriodListResponse;
  SegmentInfo: Api.SegmentInfo;
  SegmentListResponse: Api.SegmentListResponse;
  IndexHealth: Api.IndexHealth;
  CameraCounts: Api.CameraCounts;
  TimeSpan: Api.TimeSpan;
  TimelineEventMarker: Api.TimelineEventMarker;
  TimelineClip: Api.TimelineClip;
  TimelineOfflinePeriod: Api.TimelineOfflinePeriod;
  TimelineKeptRange: Api.TimelineKeptRange;
  CameraTimeline: Api.CameraTimeline;
  MultiCameraTimeline: Api.MultiCameraTimeline;
  CreateExportDto: Api.CreateExportRequest;
  ExportInfo: Api.ExportInfo;
  ExportListResponse: Api.ExportListResponse;
  CreateKeptRangeDto: Api.CreateKeptRangeRequest;
  MqttHealth: Api.MqttHealth;
  OnvifSavedCamera: Api.OnvifSavedCamera;
  OnvifDevice: Api.OnvifDevice;
  OnvifDiscoveryResponse: Api.OnvifDiscoveryResponse;
  OnvifProfilesDto: Api.OnvifProfilesRequest;
  OnvifDeviceInformation: Api.OnvifDeviceInformation;
  OnvifProfile: Api.OnvifProfile;
  OnvifProfilesResponse: Api.OnvifProfilesResponse;
  PtzPreset: Api.PtzPreset;
  PtzPosition: Api.PtzPosition;
  CameraPtzResponse: Api.CameraPtzResponse;
  PtzMoveDto: Api.PtzMoveRequest;
  PtzPresetDto: Api.PtzPresetRequest;
  PtzStopDto: Api.PtzStopRequest;
  PtzCommandResponse: Api.PtzCommandResponse;
}

type Schemas = components['schemas'];
/** Identical types: also the same optional and readonly properties, not only assignable. */
type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Per schema: true, or why not (the compiler prints it when the check below fails). */
type Verdicts = {
  [Name in keyof Schemas]: Name extends keyof SharedTypes
    ? Same<Schemas[Name], SharedTypes[Name]> extends true
      ? true
      : `${Name} differs from its shared-types interface`
    : `${Name} has no shared-types interface listed above`;
};

export const everySchemaMatchesSharedTypes: [Exclude<Verdicts[keyof Schemas], true>] extends [never]
  ? true
  : Exclude<Verdicts[keyof Schemas], true> = true;
