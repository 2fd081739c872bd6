# Camera Recorder: the API with its dashboard, ffmpeg from Debian, run as an unprivileged user.
#   docker build -t camera-recorder .
#   docker run -p 8000:8000 -v camrec-videos:/data/videos camera-recorder
# Settings: environment (HOST, PORT, VIDEOS_DIR, LOG_LEVEL) or a mounted config.json
# (-v ./config.json:/app/config.json:ro). See "Deployment" in README.md.

FROM node:20.20.2-bookworm-slim AS build
# The SQLite binding (better-sqlite3) compiles where no prebuilt binary can be fetched.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true NG_CLI_ANALYTICS=false
COPY package.json package-lock.json ./
# `npm install` honours the lock file; `npm ci` refuses it on other CPU architectures because
# npm leaves their optional packages out of the lock (npm/cli#4828), as tools/setup.sh says.
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20.20.2-bookworm-slim
# ffmpeg records and previews; the font draws the demo camera's clock.
RUN apt-get update \
  && apt-get install -y --no-install-recommends ffmpeg fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
RUN groupadd --system camrec \
  && useradd --system --gid camrec --home-dir /app --shell /usr/sbin/nologin camrec
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Videos on a volume; bin/ caches the proxy engines' binaries (binaries_dir).
RUN mkdir -p /data/videos /app/bin && chown camrec:camrec /data/videos /app/bin
VOLUME ["/data/videos"]
# 0.0.0.0 so the published port reaches the server: configure auth_token (README).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000 VIDEOS_DIR=/data/videos
USER camrec
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health').then((r) => r.json()).then((h) => process.exit(h.status === 'ok' ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--initial-old-space-size=128", "dist/apps/api/main.js"]
