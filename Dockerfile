# syntax=docker/dockerfile:1
# One recipe for every service's image; SERVICE picks the service (a folder of services/):
#   docker build --build-arg SERVICE=work-orders -t mechanics-mate/work-orders:0.1.0 .
# The build stage compiles the service and the libs it uses to JavaScript (tools/build/build.sh);
# the runtime stage holds that output and the production dependencies only, and runs it with node.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci
ARG SERVICE
RUN test -n "$SERVICE" || { echo 'set --build-arg SERVICE=<a folder of services/>' >&2; exit 1; }
RUN bash tools/build/build.sh "$SERVICE"
# Production dependencies only. The compiled code requires the libs by relative path, so the
# workspace links (node_modules/@mate/*, pointing at TypeScript sources) go too.
RUN npm prune --omit=dev && rm -rf node_modules/@mate

FROM ${NODE_IMAGE} AS runtime
# Nest re-raises SIGTERM once its shutdown hooks are done; as PID 1 node would ignore that signal.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
# The uid/gid the Deployments run as (deploy/base/*/deployment.yaml).
RUN groupadd --system --gid 10001 mate && useradd --system --uid 10001 --gid mate --no-create-home mate
WORKDIR /app
ARG SERVICE
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    MATE_SERVICE=${SERVICE}
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER 10001:10001
ENTRYPOINT ["/usr/bin/tini", "--"]
# A shell only to read the service's name; exec leaves node as tini's child.
CMD ["/bin/sh", "-c", "exec node dist/services/\"$MATE_SERVICE\"/src/main.js"]
