#!/usr/bin/env python3
"""Writes N distinct, correctly signed archetype webhooks, one per line: signature TAB external id TAB body.
The external ids are email addresses, so destinations that key people by email (Iterable, Klaviyo) take them.
usage: make-webhooks.py N SECRET [PREFIX] > webhooks.tsv"""
import hashlib, hmac, json, sys, uuid

count, secret = int(sys.argv[1]), sys.argv[2].encode('utf-8')
prefix = sys.argv[3] if len(sys.argv) > 3 else 'bench'
for i in range(count):
    person = '%s-%07d@example.com' % (prefix, i)
    body = json.dumps({
        'id': str(uuid.uuid5(uuid.NAMESPACE_URL, person)), 'profileId': str(uuid.uuid4()),
        'accountId': 'a17fd912-46a2-48aa-be3e-1146ee2cd258', 'externalId': person,
        'name': 'sleep_duration', 'value': 'short_sleeper', 'dataType': 'ordinal', 'periodicity': 'weekly',
        'ordinality': 1, 'startDateTime': '2025-07-07T00:00:00+12:00', 'endDateTime': '2025-07-13T00:00:00+12:00',
        'createdAtUtc': '2025-07-13T13:08:53.322886Z', 'version': 1}, separators=(',', ':'))
    signature = hmac.new(secret, body.encode('utf-8'), hashlib.sha256).hexdigest()
    sys.stdout.write('%s\t%s\t%s\n' % (signature, person, body))
