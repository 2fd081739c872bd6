import { ApiProperty } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';

// Each class implements its shared-types interface, so the documented shape cannot drift
// from what the handlers return; the class names become the schema names.

export class TimeSpan implements Api.TimeSpan {
  @ApiProperty({ format: 'date-time' })
  start!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'Null while it goes on',
  })
  end!: string | null;
}

export class TimelineEventMarker extends TimeSpan implements Api.TimelineEventMarker {
  @ApiProperty({ type: String, nullable: true, description: "The event's id; null for a group" })
  id!: string | null;

  @ApiProperty({ description: 'Events in the marker (several close together at this resolution)' })
  count!: number;

  @ApiProperty()
  peak_score!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The clip of a single event' })
  clip!: string | null;
}

export class TimelineClip extends TimeSpan implements Api.TimelineClip {
  @ApiProperty()
  filename!: string;

  @ApiProperty({ enum: ['manual', 'motion', 'export'] })
  trigger!: 'manual' | 'motion' | 'export';

  @ApiProperty()
  keep!: boolean;
}

export class TimelineOfflinePeriod extends TimeSpan implements Api.TimelineOfflinePeriod {
  @ApiProperty()
  reason!: string;
}

export class TimelineKeptRange extends TimeSpan implements Api.TimelineKeptRange {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  note!: string;
}

export class CameraTimeline implements Api.CameraTimeline {
  @ApiProperty()
  camera_id!: string;

  @ApiProperty({ format: 'date-time' })
  start!: string;

  @ApiProperty({ format: 'date-time' })
  end!: string;

  @ApiProperty({ description: 'The shortest gap shown' })
  resolution_ms!: number;

  @ApiProperty({ type: () => [TimeSpan], description: 'Continuous footage, segments merged' })
  recorded!: TimeSpan[];

  @ApiProperty({ type: () => [TimelineOfflinePeriod] })
  offline!: TimelineOfflinePeriod[];

  @ApiProperty({ type: () => [TimelineEventMarker] })
  events!: TimelineEventMarker[];

  @ApiProperty({ type: () => [TimelineClip] })
  clips!: TimelineClip[];

  @ApiProperty({ type: () => [TimelineKeptRange] })
  kept!: TimelineKeptRange[];
}

export class MultiCameraTimeline implements Api.MultiCameraTimeline {
  @ApiProperty({ format: 'date-time' })
  start!: string;

  @ApiProperty({ format: 'date-time' })
  end!: string;

  @ApiProperty()
  resolution_ms!: number;

  @ApiProperty({ type: () => [CameraTimeline] })
  cameras!: CameraTimeline[];
}

export class ExportInfo implements Api.ExportInfo {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  camera_id!: string;

  @ApiProperty({ format: 'date-time' })
  start!: string;

  @ApiProperty({ format: 'date-time' })
  end!: string;

  @ApiProperty({ enum: ['pending', 'writing', 'done', 'failed'] satisfies Api.ExportState[] })
  state!: Api.ExportState;

  @ApiProperty({ minimum: 0, maximum: 1 })
  progress!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The video in the library once done' })
  filename!: string | null;

  @ApiProperty()
  bytes!: number;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;
}

export class ExportListResponse implements Api.ExportListResponse {
  @ApiProperty({ type: () => [ExportInfo] })
  exports!: ExportInfo[];
}
