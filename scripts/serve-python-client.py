#!/usr/bin/env python3
"""A second Kafka client against `ringlog serve`: confluent-kafka (PyPI; a newer librdkafka than
Debian's kcat). Produces N keyed messages with an idempotent producer (InitProducerId, sequence
numbers) to a topic of 3 partitions, then consumes them as a consumer group from earliest, and
checks that every message arrived exactly once and that each key's messages kept their order.
Prints one summary line; exits 1 on a failed check.

Usage: scripts/serve-python-client.py HOST:PORT [N]    (pip install confluent-kafka)
"""
import sys, time
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic

bootstrap = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
topic = f"py-events-{int(time.time() * 1000)}"
admin = AdminClient({"bootstrap.servers": bootstrap})  # kept alive until the topic exists
admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1)])[topic].result(10)
errors = []
p = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "linger.ms": 5})
for i in range(n):
    p.produce(topic, key=f"k{i % 11}".encode(), value=f"{i}".encode(),
              on_delivery=lambda err, msg: errors.append(str(err)) if err else None)
left = p.flush(15)
c = Consumer({"bootstrap.servers": bootstrap, "group.id": f"{topic}-group", "auto.offset.reset": "earliest",
              "session.timeout.ms": 6000})
c.subscribe([topic])
got, deadline = [], time.time() + 30
while len(got) < n and time.time() < deadline:
    m = c.poll(0.5)
    if m is None:
        continue
    if m.error():
        errors.append(str(m.error()))
        continue
    got.append((m.key().decode(), int(m.value())))
c.close()
per_key = {}
for key, value in got:
    per_key.setdefault(key, []).append(value)
ordered = all(v == sorted(v) for v in per_key.values())
exactly_once = sorted(v for _, v in got) == list(range(n))
print(f"confluent-kafka {__import__('confluent_kafka').version()} (librdkafka {__import__('confluent_kafka').libversion()[0]}): "
      f"produced {n - left} of {n}, consumed {len(got)}, exactly once: {exactly_once}, per-key order: {ordered}, errors: {errors[:3]}")
sys.exit(0 if left == 0 and exactly_once and ordered and not errors else 1)
