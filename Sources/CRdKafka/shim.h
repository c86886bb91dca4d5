// librdkafka (Debian librdkafka-dev) and its mock cluster, used by the Kafka driver when the
// package is built with the `Kafka` trait: swift build --traits Kafka
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
