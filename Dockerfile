# syntax=docker/dockerfile:1
# Multi-stage build: compile with dev dependencies, ship only the runtime ones, run as `node`.
# Migrations run when the server starts (DatabaseModule), so the container just starts the server.

# Node 26 is the active LTS (since October 2026, supported until April 2029); Node 24 is in maintenance
# (until April 2028) and Node 20, which CI still runs, is past its end of life. Build, install and the
# specs are checked on 26 as well as on CI's 20.
ARG NODE_IMAGE=node:26-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied; the dependencies' own install
# scripts are all denied in package.json (`allowScripts`, see README). --omit=optional skips
# @tensorflow/tfjs-node (it downloads libtensorflow); the service then uses the TF.js WASM backend.
RUN npm ci --ignore-scripts --omit=optional
# esbuild (it bundles the dashboard in `npm run build`) ships its binary as an optional platform package, which
# --omit=optional leaves out: its own installer fetches that package from the registry.
RUN node node_modules/esbuild/install.js
# Sources (filtered by .dockerignore): src, training, bench, scripts, tsconfig*, nest-cli.json.
COPY . .
RUN npm run build && npm prune --omit=dev --omit=optional --ignore-scripts

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    TAILOR_DATA_DIR=/var/lib/tailor \
    MODELS_DIR=/var/lib/tailor/models
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The Online Retail demo data (CC BY 4.0, see data/demo/README.md), imported on first start
# only in embedded mode (no DATABASE_URL) with DEMO_DATA=true.
COPY --chown=node:node data/demo ./data/demo
RUN mkdir -p /var/lib/tailor/models && chown -R node:node /var/lib/tailor
USER node
VOLUME ["/var/lib/tailor"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
