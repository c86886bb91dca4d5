// rabbitmq-c (Debian librabbitmq-dev), used by the RabbitMQ driver when the package is built
// with the `RabbitMQ` trait: swift build --traits RabbitMQ
#include <amqp.h>
#include <amqp_tcp_socket.h>

// amqp_login is variadic (Swift cannot call it): a fixed-argument wrapper for PLAIN logins.
static inline amqp_rpc_reply_t ringlog_amqp_login_plain(amqp_connection_state_t state,
                                                        const char *user, const char *password) {
    return amqp_login(state, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, user, password);
}

// Declares a durable queue of a given x-queue-type (quorum, stream) on channel 1.
static inline amqp_queue_declare_ok_t *ringlog_amqp_declare_typed_queue(amqp_connection_state_t state,
                                                                        amqp_bytes_t queue, const char *type) {
    amqp_table_entry_t entry;
    entry.key = amqp_cstring_bytes("x-queue-type");
    entry.value.kind = AMQP_FIELD_KIND_UTF8;
    entry.value.value.bytes = amqp_cstring_bytes(type);
    amqp_table_t arguments = {1, &entry};
    return amqp_queue_declare(state, 1, queue, 0, 1, 0, 0, arguments);
}

// Consumes a stream queue from its first offset, with manual acks (streams require them).
static inline amqp_basic_consume_ok_t *ringlog_amqp_consume_stream(amqp_connection_state_t state, amqp_bytes_t queue) {
    amqp_table_entry_t entry;
    entry.key = amqp_cstring_bytes("x-stream-offset");
    entry.value.kind = AMQP_FIELD_KIND_UTF8;
    entry.value.value.bytes = amqp_cstring_bytes("first");
    amqp_table_t arguments = {1, &entry};
    return amqp_basic_consume(state, 1, queue, amqp_empty_bytes, 0, 0, 0, arguments);
}
