# RabbitMQ from Debian with the management plugin (UI and HTTP API on :15672), started like the public
# rabbitmq:3-management image as far as the compose file uses it: RABBITMQ_DEFAULT_USER,
# RABBITMQ_DEFAULT_PASS, RABBITMQ_DEFAULT_VHOST; `rabbitmq-diagnostics -q ping` as the health check.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends rabbitmq-server \
    && rm -rf /var/lib/apt/lists/* \
    && rabbitmq-plugins enable --offline rabbitmq_management >/dev/null \
    && chown -R rabbitmq:rabbitmq /etc/rabbitmq /var/lib/rabbitmq /var/log/rabbitmq
COPY rabbitmq-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/rabbitmq
USER rabbitmq
ENV HOME=/var/lib/rabbitmq
EXPOSE 5672 15672
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["rabbitmq-server"]
