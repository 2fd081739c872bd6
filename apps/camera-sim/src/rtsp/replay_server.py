"""RTSP replay camera: GStreamer's RTSP server sending pre-encoded H.264 without re-encoding.

The Node side (replay-camera.ts) encodes a loop once, paces it, and writes each access unit
to this process's stdin as a 4-byte big-endian length followed by the Annex-B bytes. Access
units go into the appsrc of every client's media and are timestamped on arrival, so a client
costs a payloader's worth of copying, not an encoder: this is the camera for scale benchmarks,
where the re-encoding simulator would measure itself. Each client has its own media: with one
shared media, a client joining stalled the ones already playing (GStreamer 1.22).
With no client, access units are read and discarded.

Protocol on stdout: one line "READY <port>" once the server accepts clients.
Exits on SIGTERM/SIGINT, on EOF on stdin, and (Linux) when the parent process dies.
"""

import argparse
import ctypes
import os
import signal
import struct
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

LAUNCH = ('( appsrc name=units is-live=true format=time '
          'caps="video/x-h264,stream-format=byte-stream,alignment=au" ! '
          'h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )')
READ_CHUNK = 1 << 20
# Bounded: a stalled pipeline drops old access units instead of growing.
MAX_QUEUED_BYTES = 16 << 20


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--path', default='/stream')
    parser.add_argument('--parent-pid', type=int, default=0)
    return parser.parse_args()


def die_with_parent(parent_pid):
    """Never outlive the Node process that started us, even if it is killed with SIGKILL."""
    if sys.platform.startswith('linux'):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if parent_pid and os.getppid() != parent_pid:
        sys.exit(1)


class ReplayCamera:
    def __init__(self, args, loop):
        self.args = args
        self.loop = loop
        self.pending = bytearray()
        self.appsrcs = {}
        self.server = GstRtspServer.RTSPServer()
        self.server.set_address(args.host)
        self.server.set_service(str(args.port))
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(LAUNCH)
        factory.set_shared(False)
        factory.connect('media-configure', self.on_media_configure)
        self.server.get_mount_points().add_factory(args.path, factory)

    def start(self):
        if self.server.attach(None) == 0:
            raise RuntimeError('cannot listen on %s:%d' % (self.args.host, self.args.port))
        GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.PRIORITY_DEFAULT,
                          GLib.IOCondition.IN | GLib.IOCondition.HUP | GLib.IOCondition.ERR,
                          self.on_stdin)
        print('READY %d' % self.server.get_bound_port(), flush=True)

    def on_media_configure(self, _factory, media):
        appsrc = media.get_element().get_by_name('units')
        appsrc.set_property('max-bytes', MAX_QUEUED_BYTES)
        if appsrc.find_property('leaky-type') is not None:
            appsrc.set_property('leaky-type', 2)
        self.appsrcs[media] = appsrc
        media.connect('unprepared', self.on_media_unprepared)

    def on_media_unprepared(self, media):
        self.appsrcs.pop(media, None)

    def on_stdin(self, channel, condition):
        readable = condition & GLib.IOCondition.IN
        data = os.read(channel.unix_get_fd(), READ_CHUNK) if readable else b''
        if not data:
            self.loop.quit()
            return False
        self.pending += data
        while len(self.pending) >= 4:
            (length,) = struct.unpack_from('>I', self.pending)
            if len(self.pending) < 4 + length:
                break
            unit = bytes(self.pending[4:4 + length])
            del self.pending[:4 + length]
            for appsrc in list(self.appsrcs.values()):
                self.push_unit(appsrc, unit)
        return True

    @staticmethod
    def push_unit(appsrc, unit):
        """Stamps the unit with the pipeline's running time now (see rtsp_server.push_frame)."""
        if appsrc.get_state(0)[1] != Gst.State.PLAYING:
            return
        clock = appsrc.get_clock()
        if clock is None:
            return
        buffer = Gst.Buffer.new_wrapped(unit)
        buffer.pts = clock.get_time() - appsrc.get_base_time()
        appsrc.emit('push-buffer', buffer)


def main():
    args = parse_args()
    die_with_parent(args.parent_pid)
    Gst.init(None)
    loop = GLib.MainLoop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, signum, loop.quit)
    try:
        camera = ReplayCamera(args, loop)
        camera.start()
    except Exception as error:  # noqa: BLE001 - reported to the Node side, which shows stderr
        print('replay_server: %s' % error, file=sys.stderr, flush=True)
        sys.exit(2)
    loop.run()
    os._exit(0)


if __name__ == '__main__':
    main()
