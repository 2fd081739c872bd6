export interface VideoItem {
  filename: string;
  size_bytes: number;
  duration_s: number;
  created_at: string;
  session_id: string;
  width: number;
  height: number;
  video_codec: string;
  audio_codec: string | null;
  thumbnail_url: string;
}

export interface VideoListResponse {
  videos: VideoItem[];
}
