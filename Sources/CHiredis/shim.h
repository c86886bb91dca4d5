// hiredis (Debian libhiredis-dev), used by the Redis Streams driver when the package is built
// with the `Redis` trait: swift build --traits Redis
#include <hiredis/hiredis.h>
