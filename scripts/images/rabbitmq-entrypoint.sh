#!/bin/sh
# The rabbitmq look-alike's entrypoint (rabbitmq.Dockerfile): the default user, password and vhost
# from the environment as the public image takes them; logs to the console.
set -eu
cat >/etc/rabbitmq/rabbitmq.conf <<CONF
loopback_users = none
listeners.tcp.default = 5672
management.tcp.port = 15672
log.console = true
log.file = false
default_user = ${RABBITMQ_DEFAULT_USER:-guest}
default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}
default_vhost = ${RABBITMQ_DEFAULT_VHOST:-/}
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
CONF
exec "$@"
