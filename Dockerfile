# Production image of the settlement engine: one image, three targets (api, worker and the
# optional agency-simulator demo), selected by docker-compose.yml. TypeScript runs through tsx,
# a runtime dependency, so there is no separate build step and dev dependencies stay out.
# Node 22 LTS on Debian (glibc), not Alpine: @temporalio/core-bridge ships glibc binaries.
FROM node:22-bookworm-slim AS base
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .
USER node

# The HTTP API (PORT, default 3000).
FROM base AS api
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "tsx", "api/main.ts"]

# The Temporal worker (scale with `docker compose up --scale worker=N`). Its workflow bundle is
# built here, once per image: a worker (and every restart of one) starts polling in about a
# second instead of running webpack on start, and every replica runs byte-identical workflow code.
FROM base AS worker
USER root
RUN node --import tsx scripts/bundleWorkflows.ts /app/build/workflow-bundle.js
USER node
ENV WORKFLOW_BUNDLE_PATH=/app/build/workflow-bundle.js
CMD ["node", "--import", "tsx", "worker.ts"]

# Stand-in for the treatment-region agency and finance systems (demo profile only).
FROM base AS agency-simulator
ENV AGENCY_SIM_HOST=0.0.0.0 AGENCY_SIM_PORT=4100
EXPOSE 4100
CMD ["node", "--import", "tsx", "scripts/agency-simulator/main.ts"]
