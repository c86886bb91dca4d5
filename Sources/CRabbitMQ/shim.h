// rabbitmq-c (Debian librabbitmq-dev), used by the RabbitMQ driver when the package is built
// with the `RabbitMQ` trait: swift build --traits RabbitMQ
#include <amqp.h>
#include <amqp_tcp_socket.h>

// amqp_login is variadic (Swift cannot call it): a fixed-argument wrapper for PLAIN logins.
static inline amqp_rpc_reply_t ringlog_amqp_login_plain(amqp_connection_state_t state,
                                                        const char *user, const char *password) {
    return amqp_login(state, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, user, password);
}
