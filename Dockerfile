# modbot: the daemon and the review app, two commands of one image.
#
#   docker build -t modbot .                  # or: podman build --format docker -t modbot .
#                                              (podman's default OCI format drops the HEALTHCHECK)
#   docker run -d --name modbot     -v modbot-data:/var/lib/modbot -v /etc/modbot:/etc/modbot:ro \
#       --env-file /etc/modbot/modbot.env modbot                                  # the daemon (default)
#   docker run -d --name modbot-web -v modbot-data:/var/lib/modbot -v /etc/modbot:/etc/modbot:ro \
#       --env-file /etc/modbot/modbot.env -p 127.0.0.1:8080:8080 modbot serve --host 0.0.0.0 --secure-cookies
#
# One daemon container per database (the volume): both containers share the SQLite file in WAL mode, which
# needs them on the same host. The install is scripts/install.sh, the same script `make` and CI run, from the
# same hash-pinned lock, so the image cannot drift from what the tests ran. Without Docker Hub, build on a
# stand-in base: scripts/local-base-image.sh, then
# --build-arg PYTHON_IMAGE=localhost/python:3.11-slim-bookworm.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
COPY . /src
RUN /src/scripts/install.sh /opt/modbot \
 && /src/scripts/check_install.sh /opt/modbot

FROM ${PYTHON_IMAGE}
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    MODBOT_CONFIG=/etc/modbot/modbot.toml PATH=/opt/modbot/bin:$PATH
COPY --from=build /opt/modbot /opt/modbot
COPY scripts/container-health.sh /usr/local/bin/modbot-health
# uid and gid 10001 both fixed, so a host directory or backup job can be given to modbot:modbot by number
RUN groupadd --gid 10001 modbot \
 && useradd --uid 10001 --gid modbot --no-create-home --home-dir /var/lib/modbot \
        --shell /usr/sbin/nologin modbot \
 && install -d -o modbot -g modbot -m 0750 /var/lib/modbot \
 && modbot init /etc/modbot --db /var/lib/modbot/modbot.db \
 && chmod -R a+rX /etc/modbot
# The shipped config is a starting point: mount the department's /etc/modbot over it (read-only).
VOLUME ["/var/lib/modbot"]
WORKDIR /var/lib/modbot
USER modbot
EXPOSE 8080
# The daemon: `modbot status --check` (a stale page, failing actions); the app (`serve`): GET /healthz.
HEALTHCHECK --interval=60s --timeout=15s --start-period=120s --retries=3 CMD ["/usr/local/bin/modbot-health"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/modbot/bin/modbot"]
CMD ["run", "--config", "/etc/modbot/modbot.toml"]
