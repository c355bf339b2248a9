#!/usr/bin/env python3
"""Writes N distinct, correctly signed archetype webhooks, one per line: signature TAB external id TAB body.
The external ids are email addresses, so destinations that key people by email (Iterable, Klaviyo) take them.
Each one was created (createdAtUtc) a microsecond after the one before, as Sahha sends records it created in turn;
ORDER=random shuffles those times, the worst case for the journal's receipt index.
usage: [ORDER=random] make-webhooks.py N SECRET [PREFIX] > webhooks.tsv"""
import datetime, hashlib, hmac, json, os, random, sys, time, uuid

count, secret = int(sys.argv[1]), sys.argv[2].encode('utf-8')
prefix = sys.argv[3] if len(sys.argv) > 3 else 'bench'
start = time.time()
offsets = list(range(count))
if os.environ.get('ORDER') == 'random':
    random.shuffle(offsets)
for i in range(count):
    created = datetime.datetime.fromtimestamp(start + offsets[i] / 1e6, datetime.timezone.utc)
    person = '%s-%07d@example.com' % (prefix, i)
    body = json.dumps({
        'id': str(uuid.uuid5(uuid.NAMESPACE_URL, person)), 'profileId': str(uuid.uuid4()),
        'accountId': 'a17fd912-46a2-48aa-be3e-1146ee2cd258', 'externalId': person,
        'name': 'sleep_duration', 'value': 'short_sleeper', 'dataType': 'ordinal', 'periodicity': 'weekly',
        'ordinality': 1, 'startDateTime': '2025-07-07T00:00:00+12:00', 'endDateTime': '2025-07-13T00:00:00+12:00',
        'createdAtUtc': created.strftime('%Y-%m-%dT%H:%M:%S.%fZ'), 'version': 1}, separators=(',', ':'))
    signature = hmac.new(secret, body.encode('utf-8'), hashlib.sha256).hexdigest()
    sys.stdout.write('%s\t%s\t%s\n' % (signature, person, body))
