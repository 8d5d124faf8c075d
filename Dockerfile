# teams-call-button-server in a container. Build it from the packed package:
#   npm pack && docker build -t teams-call-button-server .
# Run it with its settings in the environment (README: "Going live"):
#   docker run -p 8080:8080 -e ACS_CONNECTION_STRING=… -e ALLOWED_ORIGINS=https://www.contoso.com teams-call-button-server
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=8080
COPY teams-call-button-*.tgz ./
# The package with the two optional peers the server can use: ioredis (REDIS_URL) and @azure/identity (ACS_ENDPOINT).
RUN npm install --omit=dev --no-audit --no-fund ./teams-call-button-*.tgz ioredis@6.0.0 @azure/identity@4.13.1 \
  && rm teams-call-button-*.tgz && npm cache clean --force
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM reaches node directly (exec form): it finishes the requests under way, then exits.
CMD ["node_modules/.bin/teams-call-button-server"]
