# toolgate as a shared HTTP service. Build: docker build -t toolgate .
# Run:   docker run -p 3344:3344 -e TOOLGATE_AUTH_TOKEN=$(openssl rand -hex 32) toolgate
# It listens on 0.0.0.0 inside the container, so it refuses to start without TOOLGATE_AUTH_TOKEN.

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Scripts are skipped here: `prepare` builds, and the sources are not copied yet.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN node scripts/build.mjs && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    TOOLGATE_HOME=/home/node/.toolgate \
    TOOLGATE_HOST=0.0.0.0 \
    TOOLGATE_PORT=3344
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY manifest ./manifest
USER node
RUN mkdir -p /home/node/.toolgate
VOLUME ["/home/node/.toolgate"]
EXPOSE 3344
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.TOOLGATE_PORT||3344)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "/app/dist/toolgate.js"]
CMD ["serve", "--http", "--host", "0.0.0.0"]
