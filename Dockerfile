# Container images of the qflow stack (see README "Run a fleet" and deploy/k8s/).
#   env-server (default target): `qflow serve --host 0.0.0.0`, gRPC on 50051, Prometheus metrics on 9464
#     podman build -t qflow-env-server .
#   agent: `qflow <command>` with the native OpenBLAS addon; GPU backends (tfjs-node-gpu, WebGPU) only with
#     --build-arg GPU=1 on a CUDA base (--build-arg AGENT_BASE=<a CUDA runtime image with Node 20>)
#     podman build --target agent -t qflow-agent .
ARG NODE_IMAGE=node:20-bookworm
ARG RUNTIME_IMAGE=node:20-bookworm-slim
ARG AGENT_BASE=node:20-bookworm-slim

# --- build: compilers, OpenBLAS headers, every workspace built; dev packages pruned at the end --------------------
FROM ${NODE_IMAGE} AS build
ARG GPU=0
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev make g++ python3 libopenblas0-openmp \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY proto/package.json proto/
COPY datasets/package.json datasets/
COPY env-server/package.json env-server/
COPY agent/package.json agent/
RUN if [ "$GPU" = "1" ]; then npm ci --no-audit --no-fund; else npm ci --no-audit --no-fund --omit=optional; fi
COPY proto proto
COPY datasets datasets
COPY env-server env-server
COPY agent agent
COPY bin bin
COPY scripts scripts
RUN npm run build \
 && if [ "$GPU" = "1" ]; then npm prune --omit=dev; else npm prune --omit=dev --omit=optional; fi \
 && rm -rf */test */dist/test */src

# --- agent: OpenBLAS at run time for the native addon; reports and checkpoints under /data ------------------------
FROM ${AGENT_BASE} AS agent
RUN apt-get update \
 && apt-get install -y --no-install-recommends libopenblas0-openmp \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=10001:10001 /app /app
RUN mkdir -p /data && chown 10001:10001 /data
USER 10001:10001
WORKDIR /data
EXPOSE 9465
ENTRYPOINT ["node", "/app/bin/qflow.js"]
CMD ["--help"]

# --- env-server (last stage, so the default target): slim Node runtime, non-root -------------------------------------
FROM ${RUNTIME_IMAGE} AS env-server
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=10001:10001 /app /app
USER 10001:10001
EXPOSE 50051 9464
# grpc.health.v1 through `qflow health` (a draining or worker-less server answers NOT_SERVING).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/app/bin/qflow.js", "health", "127.0.0.1:50051", "--timeout", "4"]
ENTRYPOINT ["node", "/app/bin/qflow.js", "serve", "--host", "0.0.0.0"]
CMD ["--port", "50051", "--metrics-port", "9464"]
