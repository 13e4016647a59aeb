# The graph's image for docker-compose.yml: every process (setup, subgraphs, workers, gateway) runs
# from it with `node dist/…`. Dependencies exactly as the lockfile says, compiled, development
# dependencies pruned; runs as the unprivileged `node` user.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund \
 && mkdir -p .data && chown node:node .data
USER node
