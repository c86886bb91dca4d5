// The NATS C client (Debian libnats-dev), used by the NATS JetStream driver when the package
// is built with the `NATS` trait: swift build --traits NATS
#include <nats/nats.h>
