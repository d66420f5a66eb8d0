# PostgreSQL 15 from Debian, started like the public postgres:15 image: POSTGRES_PASSWORD (required),
# POSTGRES_USER (default postgres), POSTGRES_DB; the scripts in /docker-entrypoint-initdb.d run once,
# on an empty data directory, against a server on its Unix socket only; then it serves on *:5432.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
RUN mkdir -p /etc/postgresql-common \
    && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN mkdir -p /docker-entrypoint-initdb.d "$PGDATA" /var/run/postgresql \
    && chown postgres:postgres "$PGDATA" /var/run/postgresql \
    && chmod 700 "$PGDATA"
VOLUME /var/lib/postgresql/data
USER postgres
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
