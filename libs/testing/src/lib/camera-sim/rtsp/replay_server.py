"""RTSP replay camera: GStreamer's RTSP server sending pre-encoded H.264 without re-encoding.

The Node side (replay-camera.ts) encodes a loop once, paces it, and writes each access unit
to this process's stdin as a 4-byte big-endian length followed by the Annex-B bytes. Access
units go into the appsrc of every client's media and are timestamped on arrival, so a client
costs a payloader's worth of copying, not an encoder: this is the camera for scale benchmarks,
where the re-encoding simulator would measure itself. Each client has its own media: with one
shared media, a client joining stalled the ones already playing (GStreamer 1.22).
Each client also has its own thread: the server's default pool serves all clients from one,
and a DESCRIBE blocks it until the new media has seen a keyframe, so readers that connect
together were answered one GOP apart and the playing ones stalled meanwhile.
With no client, access units are read and discarded.

Protocol on stdout: one line "READY <port>" once the server accepts clients.
Exits on SIGTERM/SIGINT, on EOF on stdin, and (Linux) when the parent process dies.
"""

import argparse
import struct

from rtsp_common import (GstRtspServer, add_server_args, bound_queue, new_server, push_stamped,
                         run, serve)

LAUNCH = ('( appsrc name=units is-live=true format=time '
          'caps="video/x-h264,stream-format=byte-stream,alignment=au" ! '
          'h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )')
READ_CHUNK = 1 << 20
# Bounded: a stalled pipeline drops old access units instead of growing.
MAX_QUEUED_BYTES = 16 << 20
# A thread per client; an idle one costs nothing, a shared one queues clients behind a DESCRIBE.
UNLIMITED_THREADS = -1


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    add_server_args(parser)
    return parser.parse_args()


class ReplayCamera:
    def __init__(self, args, loop):
        self.args = args
        self.loop = loop
        self.pending = bytearray()
        self.appsrcs = {}
        self.server = new_server(args)
        self.server.get_thread_pool().set_max_threads(UNLIMITED_THREADS)
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(LAUNCH)
        factory.set_shared(False)
        factory.connect('media-configure', self.on_media_configure)
        self.server.get_mount_points().add_factory(args.path, factory)

    def start(self):
        serve(self.server, self.args, self.loop, READ_CHUNK, self.on_data)

    def on_media_configure(self, _factory, media):
        appsrc = media.get_element().get_by_name('units')
        bound_queue(appsrc, MAX_QUEUED_BYTES)
        self.appsrcs[media] = appsrc
        media.connect('unprepared', self.on_media_unprepared)

    def on_media_unprepared(self, media):
        self.appsrcs.pop(media, None)

    def on_data(self, data):
        self.pending += data
        while len(self.pending) >= 4:
            (length,) = struct.unpack_from('>I', self.pending)
            if len(self.pending) < 4 + length:
                break
            unit = bytes(self.pending[4:4 + length])
            del self.pending[:4 + length]
            for appsrc in list(self.appsrcs.values()):
                push_stamped(appsrc, unit)


def main():
    args = parse_args()
    run('replay_server', args, lambda loop: ReplayCamera(args, loop).start())


if __name__ == '__main__':
    main()
