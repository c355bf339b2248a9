#!/usr/bin/env python3
"""Follows bench/burst.sh and bench/run.sh: the bridge's accepted counter, the vendor stand-in's counts.
usage: burst-progress.py accepted                 the bridge's accepted webhooks so far
       burst-progress.py intake COUNT STARTED BASE
                                                  waits for COUNT accepted webhooks over BASE (or none more for 3 s);
                                                  the rate since STARTED (epoch s) to stderr, the number to stdout
       burst-progress.py delivered COUNT STARTED [--quiet]
                                                  waits until every vendor has COUNT events; when each had them
                                                  and its calls per event"""
import json, re, sys, time, urllib.request

STAND_IN = 'http://127.0.0.1:18090'
VENDORS = ['customerio', 'segment', 'iterable', 'klaviyo', 'mparticle']


def accepted():  # only the counter: the backlog gauges would count the journal on every one of these scrapes
    text = urllib.request.urlopen(
        'http://127.0.0.1:18081/actuator/prometheus?includedNames=bridge_webhooks').read().decode()
    found = re.search(r'^bridge_webhooks_total\{[^}]*outcome="accepted"[^}]*\} (\S+)', text, re.M)
    return int(float(found.group(1))) if found else 0


def intake(count, started, base):
    last, last_change = 0, time.time()
    while True:
        now = accepted() - base
        if now != last:
            last, last_change = now, time.time()
        if last >= count or (last > 0 and time.time() - last_change > 3):
            break
        time.sleep(0.1)
    seconds = last_change - started
    print('intake: %d accepted in %.1f s = %.0f/s' % (last, seconds, last / seconds), file=sys.stderr)
    print(last)


def delivered(count, started, quiet):
    done = {}
    while len(done) < len(VENDORS):
        stats = json.load(urllib.request.urlopen(STAND_IN + '/stats'))
        for vendor in VENDORS:
            if vendor not in done and stats['events'].get(vendor, 0) >= count:
                done[vendor] = time.time() - started
        time.sleep(0.5)
    if quiet:
        return
    stats = json.load(urllib.request.urlopen(STAND_IN + '/stats'))
    for vendor in VENDORS:
        throttled = stats['throttled'].get(vendor, 0)
        calls = stats['calls'].get(vendor, 0) + throttled
        print('%-10s every event after %7.1f s; %6d calls = %.4f per event, %.0f events per call (%d answered 429)'
              % (vendor, done[vendor], calls, calls / count, count / max(calls, 1), throttled))


if __name__ == '__main__':
    what = sys.argv[1]
    if what == 'accepted':
        print(accepted())
    elif what == 'intake':
        intake(int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))
    else:
        delivered(int(sys.argv[2]), float(sys.argv[3]), '--quiet' in sys.argv)
