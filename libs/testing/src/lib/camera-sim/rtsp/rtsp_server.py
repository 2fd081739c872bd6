"""RTSP camera simulator: GStreamer's RTSP server fed with the frames of an ffmpeg renderer.

The Node side (rtsp-camera.ts) starts the renderer with its stdout connected to this process's
file descriptor 3, where frames arrive as raw I420 of exactly width*height*3/2 bytes, and paces
them: one byte on stdin says that the next frame is due. Each frame is read when due and pushed
into the appsrc of the one shared media (all clients share one pipeline), timestamped on
arrival, so the Node side's pacing, including irregular pacing, is what clients see; the frames
themselves never pass through Node. With no client, frames are read and discarded.

Protocol on stdout: one line "READY <port>" once the server accepts clients, "RENDERING" once
the first frame has arrived. Exits on SIGTERM/SIGINT, on EOF on stdin, and (Linux) when the
parent process dies.
"""

import argparse
import os

import gi
from rtsp_common import (GLib, Gst, GstRtspServer, add_server_args, bound_queue, new_server,
                         push_stamped, run, serve)

gi.require_version('GstRtsp', '1.0')
gi.require_version('GstVideo', '1.0')
from gi.repository import GstRtsp, GstVideo  # noqa: E402

AUDIO_AAC_ENCODERS = ('voaacenc', 'avenc_aac', 'fdkaacenc', 'faac')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    add_server_args(parser)
    parser.add_argument('--width', type=int, default=640)
    parser.add_argument('--height', type=int, default=360)
    parser.add_argument('--fps', type=int, default=25)
    parser.add_argument('--gop', type=float, default=2.0, help='keyframe interval in seconds')
    parser.add_argument('--codec', choices=('h264', 'h265'), default='h264')
    parser.add_argument('--profile', choices=('baseline', 'main'), default='baseline')
    parser.add_argument('--audio', choices=('none', 'aac', 'pcma'), default='none')
    parser.add_argument('--auth', choices=('none', 'basic', 'digest'), default='none')
    parser.add_argument('--user', default='')
    parser.add_argument('--transports', choices=('tcp', 'udp', 'both'), default='both',
                        help='RTP transports offered to clients (a UDP-only camera refuses TCP)')
    parser.add_argument('--drop-after', type=int, default=0)
    return parser.parse_args()


# Each branch gets a queue after its live source: with two live sources and none, GStreamer
# cannot configure the pipeline latency and the sinks see late buffers. Leaky, so an encoder
# stalled for more than about a second drops old raw frames instead of buffering them; shorter
# stalls (a test machine short of CPU) only delay frames. A dropped frame is still in the frame
# log, which the tests compare with what arrived: the encoder's input reports each one
# ("DROPPED <first> <last>" on stdout, by the frame indices their bars show), and the camera
# marks them in the log.
BRANCH_QUEUE = 'queue max-size-buffers=30 max-size-bytes=0 max-size-time=0 leaky=downstream'

# Where the renderer's frames arrive (see the docstring).
FRAMES_FD = 3
# A frame read while more than this many further frames are already due is stale: it is skipped
# (this process fell behind), and the encoder's input reports it dropped (see BRANCH_QUEUE).
MAX_LATE_FRAMES = 2


def video_bitrate_kbps(args):
    """2 Mbit/s for 640x360 at 25 fps, in proportion for other sizes and rates."""
    return max(300, round(2000 * args.width * args.height * args.fps / (640 * 360 * 25)))


def video_branch(args):
    gop_frames = max(1, round(args.gop * args.fps))
    bitrate = video_bitrate_kbps(args)
    caps = 'video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1' % (
        args.width, args.height, args.fps)
    source = 'appsrc name=frames is-live=true format=time caps="%s"' % caps
    # One slice per frame and no frame threads: ffmpeg's RTSP client mis-assembles frames that
    # x264's sliced threads split into several slices (ghosting), and frame threads add latency.
    if args.codec == 'h264':
        # ultrafast turns CABAC off, which makes any stream Constrained Baseline. x264enc turns
        # trellis quantisation on whatever the preset (its own default): off, as ultrafast means
        # it, this process takes half the CPU (6 % of a core instead of 12 % at 640x360, 25 fps,
        # one client).
        cabac = 'true' if args.profile == 'main' else 'false'
        encoder = ('x264enc name=encoder tune=zerolatency speed-preset=ultrafast threads=1 '
                   'sliced-threads=false trellis=false cabac=%s bitrate=%d key-int-max=%d ! '
                   'video/x-h264,profile=%s ! h264parse ! rtph264pay name=pay0 pt=96 '
                   'config-interval=-1' % (cabac, bitrate, gop_frames, args.profile))
    else:
        encoder = ('x265enc name=encoder tune=zerolatency speed-preset=ultrafast bitrate=%d '
                   'key-int-max=%d ! video/x-h265,profile=main ! h265parse ! '
                   'rtph265pay name=pay0 pt=96 config-interval=-1' % (bitrate, gop_frames))
    return '%s ! %s ! %s' % (source, BRANCH_QUEUE, encoder)


def audio_branch(audio):
    tone = ('audiotestsrc name=tone is-live=true wave=sine freq=440 volume=0.1 ! %s ! '
            'audioconvert ! audioresample' % BRANCH_QUEUE)
    if audio == 'pcma':
        return ('%s ! audio/x-raw,rate=8000,channels=1 ! alawenc ! '
                'rtppcmapay name=pay1 pt=8' % tone)
    encoder = next((name for name in AUDIO_AAC_ENCODERS if Gst.ElementFactory.find(name)), None)
    if encoder is None:
        raise RuntimeError('no AAC encoder element found (tried %s)' % ', '.join(AUDIO_AAC_ENCODERS))
    return ('%s ! audio/x-raw,rate=48000,channels=1 ! %s ! aacparse ! '
            'rtpmp4gpay name=pay1 pt=97' % (tone, encoder))


def on_pipeline_element_added(_pipeline, element):
    """Sender reports on this machine's clock, as a camera synced by NTP sends them.

    `ntp-time-source=ntp` puts the wall clock (NTP epoch) in the reports, and
    `rtcp-sync-send-time=false` maps it to the frames' capture time rather than to the moment
    they leave, so a receiver on a synced clock learns each frame's true capture time. The
    reports start within half a second and come every second (RFC 3550's default is 5 s), so a
    viewer knows the capture times almost from the start.
    """
    factory = element.get_factory()
    if factory is None or factory.get_name() != 'rtpbin':
        return
    element.set_property('ntp-time-source', 'ntp')
    element.set_property('rtcp-sync-send-time', False)
    element.connect('element-added', on_rtpbin_element_added)


def on_rtpbin_element_added(_rtpbin, element):
    factory = element.get_factory()
    if factory is not None and factory.get_name() == 'rtpsession':
        element.set_property('rtcp-min-interval', Gst.SECOND)


def not_seekable(_pad, info):
    """Makes the tone answer seeking queries as not seekable: it is live, like the video.

    audiotestsrc says it can seek, which makes the media look seekable, and then the seek that
    every PLAY with a Range triggers fails on the appsrc (503 Service Unavailable). A dropped
    query counts as answered, with the fresh query's default: not seekable.
    """
    if info.get_query().type == Gst.QueryType.SEEKING:
        return Gst.PadProbeReturn.DROP
    return Gst.PadProbeReturn.OK


class OneStreamFactory(GstRtspServer.RTSPMediaFactory):
    """Shared media keyed by the path alone, as a camera has one stream whatever the query.

    The default key is the whole URL, query included: rtsp://…/stream?a=1 would get a pipeline
    of its own, and only the newest pipeline is fed (self.appsrc), so earlier clients of
    another query would receive nothing from then on.
    """

    def do_gen_key(self, url):
        return url.abspath


class SimulatedCamera:
    def __init__(self, args, loop):
        self.args = args
        self.loop = loop
        self.frame_size = args.width * args.height * 3 // 2
        self.frame = bytearray(self.frame_size)
        self.filled = 0
        # Frames read, the numbers DROPPED reports (see BRANCH_QUEUE): frame n shows index n.
        self.frames_read = 0
        # Frames the Node side said are due and not yet read.
        self.due = 0
        self.frames_channel = GLib.IOChannel.unix_new(FRAMES_FD)
        self.frames_watch = None
        self.frames_ended = False
        self.media = None
        self.appsrc = None
        self.encoder = None
        self.counting = False
        self.frames_to_clients = 0
        self.next_to_encode = None

        self.server = new_server(args)
        factory = OneStreamFactory()
        launch = video_branch(args)
        if args.audio != 'none':
            launch += ' ' + audio_branch(args.audio)
        factory.set_launch('( %s )' % launch)
        factory.set_shared(True)
        factory.set_protocols(TRANSPORTS[args.transports])
        factory.connect('media-configure', self.on_media_configure)
        if args.auth != 'none':
            self.configure_auth(factory)
        self.server.get_mount_points().add_factory(args.path, factory)
        self.server.connect('client-connected', self.on_client_connected)

    def configure_auth(self, factory):
        role = 'user'
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, role)
        auth = GstRtspServer.RTSPAuth()
        if self.args.auth == 'digest':
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
            auth.add_digest(self.args.user, self.args.password, token)
        else:
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(self.args.user, self.args.password),
                           token)
        self.server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role(role, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        permissions.add_permission_for_role(role, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT,
                                            True)
        factory.set_permissions(permissions)

    def start(self):
        serve(self.server, self.args, self.loop, 1024, self.on_ticks)

    def on_media_configure(self, _factory, media):
        element = media.get_element()
        self.media = media
        self.appsrc = element.get_by_name('frames')
        self.encoder = element.get_by_name('encoder')
        # A second of frames, for the reason given at BRANCH_QUEUE.
        bound_queue(self.appsrc, self.frame_size * max(3, self.args.fps))
        self.counting = False
        self.frames_to_clients = 0
        self.next_to_encode = None
        self.encoder.get_static_pad('sink').add_probe(Gst.PadProbeType.BUFFER,
                                                      self.on_raw_frame)
        if self.args.drop_after:
            self.encoder.get_static_pad('src').add_probe(Gst.PadProbeType.BUFFER,
                                                         self.on_encoded_frame)
        media.connect('unprepared', self.on_media_unprepared)
        # The media adds its rtpbin to the pipeline when it prepares, after this signal.
        element.get_parent().connect('element-added', on_pipeline_element_added)
        tone = element.get_by_name('tone')
        if tone is not None:
            tone.get_static_pad('src').add_probe(Gst.PadProbeType.QUERY_UPSTREAM, not_seekable)

    def on_media_unprepared(self, media):
        # A media torn down after its successor was configured must not detach the successor.
        if media is self.media:
            self.media = None
            self.appsrc = None
            self.encoder = None

    def on_client_connected(self, _server, client):
        client.connect('play-request', self.on_play_request)

    def on_play_request(self, _client, _context):
        # A client joining the shared stream gets a keyframe now instead of up to one GOP later.
        if self.encoder is not None:
            self.encoder.send_event(
                GstVideo.video_event_new_upstream_force_key_unit(Gst.CLOCK_TIME_NONE, True, 0))
        self.counting = True

    def on_ticks(self, data):
        """Each byte on stdin: one more frame is due. Frames are read only while some are due,
        so the renderer, blocked on its full socket, stays at most a frame ahead."""
        self.due += len(data)
        if self.frames_watch is None and not self.frames_ended:
            self.frames_watch = GLib.io_add_watch(
                self.frames_channel, GLib.PRIORITY_DEFAULT,
                GLib.IOCondition.IN | GLib.IOCondition.HUP | GLib.IOCondition.ERR, self.on_frames)

    def on_frames(self, _channel, _condition):
        """Reads the due frame into the reused buffer; a whole one goes to the clients, if
        any, as a copy, unless it is stale (MAX_LATE_FRAMES)."""
        try:
            count = os.readv(FRAMES_FD, [memoryview(self.frame)[self.filled:]])
        except OSError:
            count = 0
        if count == 0:
            # The renderer is gone; the Node side, which started it, reports why.
            self.frames_ended = True
            self.frames_watch = None
            return False
        self.filled += count
        if self.filled < self.frame_size:
            return True
        self.filled = 0
        number = self.frames_read
        self.frames_read += 1
        self.due -= 1
        if number == 0:
            print('RENDERING', flush=True)
        if self.due <= MAX_LATE_FRAMES:
            push_stamped(self.appsrc, bytes(self.frame), number)
        if self.due > 0:
            return True
        self.frames_watch = None
        return False

    def on_raw_frame(self, _pad, info):
        """Reports the frames the leaky queues dropped before the encoder (see BRANCH_QUEUE)."""
        number = info.get_buffer().offset
        if self.next_to_encode is not None and number > self.next_to_encode:
            print('DROPPED %d %d' % (self.next_to_encode, number - 1), flush=True)
        self.next_to_encode = number + 1
        return Gst.PadProbeReturn.OK

    def on_encoded_frame(self, _pad, _info):
        """Counts frames sent to clients, at the encoder's output so none is still queued."""
        if self.counting:
            self.frames_to_clients += 1
            if self.frames_to_clients >= self.args.drop_after:
                self.counting = False
                GLib.idle_add(self.remove_all_clients)
        return Gst.PadProbeReturn.OK

    def remove_all_clients(self):
        self.server.client_filter(lambda *_: GstRtspServer.RTSPFilterResult.REMOVE)
        return GLib.SOURCE_REMOVE


TRANSPORTS = {
    'tcp': GstRtsp.RTSPLowerTrans.TCP,
    'udp': GstRtsp.RTSPLowerTrans.UDP,
    'both': GstRtsp.RTSPLowerTrans.TCP | GstRtsp.RTSPLowerTrans.UDP,
}


def main():
    args = parse_args()
    # From the environment, never the command line, where any local user could read it.
    args.password = os.environ.get('CAMERA_SIM_RTSP_PASSWORD', '')
    run('rtsp_server', args, lambda loop: SimulatedCamera(args, loop).start())


if __name__ == '__main__':
    main()
