// Cross-language test of the Reminders calendar: the .ics that GetCalendar and a secret feed address
// serve is read by ical.js, an iCalendar parser independent of the Ical.Net that wrote it. A Node.js
// gRPC client built from protos/ alone enters a body's reminders, reads the calendar, subscribes to
// it over plain HTTP without a token, and revokes the address; an occurrence it marks skipped is an
// EXDATE that ical.js leaves out of the expansion.
//
//   GOVERNANCE_GRPC_ADDRESS=127.0.0.1:5080 GOVERNANCE_HTTP_ADDRESS=127.0.0.1:5081 GOVERNANCE_TOKEN=... \
//     node --test calendar.e2e.test.mjs
//
// GOVERNANCE_REMINDERS_GRPC_ADDRESS and GOVERNANCE_REMINDERS_HTTP_ADDRESS, when set, name the Reminders
// service's own endpoints instead (each service in its own container, as docker-compose.yml runs them).
// scripts/test.sh runs this file with meeting.e2e.test.mjs against a host on free ports, and against
// the composed services.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import ICAL from 'ical.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PROTOS = path.resolve(here, '../../protos');
const GRPC_ADDRESS = process.env.GOVERNANCE_REMINDERS_GRPC_ADDRESS || process.env.GOVERNANCE_GRPC_ADDRESS;
const HTTP_ADDRESS = process.env.GOVERNANCE_REMINDERS_HTTP_ADDRESS || process.env.GOVERNANCE_HTTP_ADDRESS;
const TOKEN = process.env.GOVERNANCE_TOKEN ?? '';
const CALL_TIMEOUT_MS = 15_000;

const definition = protoLoader.loadSync(['governance/reminders/v1/reminders_service.proto'], {
    includeDirs: [PROTOS],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
});
const RemindersService = grpc.loadPackageDefinition(definition).governance.reminders.v1.RemindersService;

let client;
function call(method, request) {
    if (!GRPC_ADDRESS) {
        throw new Error('GOVERNANCE_GRPC_ADDRESS is not set (e.g. 127.0.0.1:5080)');
    }
    client ??= new RemindersService(GRPC_ADDRESS, grpc.credentials.createInsecure());
    const metadata = new grpc.Metadata();
    metadata.add('authorization', `Bearer ${TOKEN}`);
    return new Promise((resolve, reject) => {
        client[method](request, metadata, { deadline: new Date(Date.now() + CALL_TIMEOUT_MS) }, (err, response) => {
            if (err) {
                err.message = `${method}: ${err.message}`;
                reject(err);
            } else {
                resolve(response);
            }
        });
    });
}

after(() => client?.close());

const runId = `${Date.now().toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
const body = `bodies/e2e-calendar-${runId}`;

/** The VEVENTs of an .ics text, with the VTIMEZONEs registered so local times convert to UTC. */
function readCalendar(ics) {
    const calendar = new ICAL.Component(ICAL.parse(ics));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) {
        ICAL.TimezoneService.register(zone);
    }
    return { calendar, events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

async function enterReminders() {
    const reminder = (subject, expected_time, extra = {}) =>
        call('CreateReminder', { parent: body, reminder: { subject, responsible: ['ØDC'], expected_time, ...extra } });
    await reminder('ØKO-LIS', {
        recurrence: {
            rrule: 'FREQ=MONTHLY;BYDAY=2MO',
            start: { year: 2026, month: 1, day: 12, hours: 8, minutes: 0, seconds: 0, nanos: 0, time_zone: { id: 'Europe/Copenhagen', version: '' } },
        },
        label: '(2. uge månedligt)',
    });
    await reminder('Administrative besparelser - konsekvensbeskrivelser', { date: { year: 2026, month: 8, day: 28 } });
    await reminder('Efter budgetforliget', { free_text: 'Efter budgetforliget' });
}

test('the calendar and its secret feed parse with ical.js: RRULE kept, DST through the VTIMEZONE, 404 after revocation', {
    timeout: 120_000,
    skip: HTTP_ADDRESS ? false : 'GOVERNANCE_HTTP_ADDRESS not set',
}, async () => {
    await enterReminders();

    const { ics } = await call('GetCalendar', { body, start_date: { year: 2026, month: 1, day: 1 }, end_date: { year: 2026, month: 12, day: 31 } });
    const { calendar, events } = readCalendar(ics);
    assert.equal(calendar.getFirstSubcomponent('vtimezone').getFirstPropertyValue('tzid'), 'Europe/Copenhagen');
    assert.deepEqual(events.map((e) => e.summary).sort(), ['Administrative besparelser - konsekvensbeskrivelser', 'ØKO-LIS']);

    // The recurrence is one event with its rule; ical.js expands it, at 08:00 Copenhagen time in
    // winter (07:00 UTC) and in summer (06:00 UTC).
    const recurring = events.find((e) => e.summary === 'ØKO-LIS');
    assert.ok(recurring.isRecurring());
    assert.equal(recurring.component.getFirstPropertyValue('rrule').toString(), 'FREQ=MONTHLY;BYDAY=2MO');
    const it = recurring.iterator();
    const utc = [];
    for (let next = it.next(); next && utc.length < 12; next = it.next()) {
        utc.push(next.toJSDate().toISOString());
    }
    assert.equal(utc[1], '2026-02-09T07:00:00.000Z');
    assert.equal(utc[4], '2026-05-11T06:00:00.000Z');
    assert.equal(utc[10], '2026-11-09T07:00:00.000Z');
    const dated = events.find((e) => e.summary.startsWith('Administrative'));
    assert.ok(dated.startDate.isDate, 'a date is an all-day event');
    assert.equal(dated.startDate.toString(), '2026-08-28');
    assert.ok(dated.uid.endsWith('@governance.reminders'));

    // The secret address serves the same calendar over plain HTTP, without a token.
    const feed = await call('CreateCalendarFeed', { parent: body });
    assert.match(feed.feed_uri, /^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const response = await fetch(`http://${HTTP_ADDRESS}${feed.feed_uri}`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/calendar; charset=utf-8');
    const subscribed = readCalendar(await response.text());
    const rule = subscribed.events.find((e) => e.summary === 'ØKO-LIS').component.getFirstPropertyValue('rrule');
    assert.equal(rule.toString(), 'FREQ=MONTHLY;BYDAY=2MO');

    await call('DeleteCalendarFeed', { name: feed.name });
    const revoked = await fetch(`http://${HTTP_ADDRESS}${feed.feed_uri}`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(revoked.status, 404);
    assert.equal(await revoked.text(), '');
});

test('an occurrence marked skipped is an EXDATE of the one event, and ical.js leaves it out', {
    timeout: 60_000,
    skip: GRPC_ADDRESS ? false : 'GOVERNANCE_GRPC_ADDRESS not set',
}, async () => {
    const reminder = await call('CreateReminder', {
        parent: body,
        reminder: {
            subject: 'HR-nøgletal',
            responsible: ['HRC'],
            expected_time: {
                recurrence: {
                    rrule: 'FREQ=MONTHLY',
                    start: { year: 2026, month: 1, day: 10, hours: 8, minutes: 0, seconds: 0, nanos: 0, time_zone: { id: 'Europe/Copenhagen', version: '' } },
                },
            },
        },
    });
    const due = new Date(Number(reminder.next_due_time.seconds) * 1000).toISOString();
    const marked = await call('MarkOccurrence', { name: reminder.name, occurrence_time: reminder.next_due_time, state: 'OCCURRENCE_STATE_SKIPPED' });
    assert.ok(Number(marked.next_due_time.seconds) > Number(reminder.next_due_time.seconds), 'the next due time passes over the skipped one');

    // The default window, around today: the mark is in it.
    const { ics } = await call('GetCalendar', { body });
    const event = readCalendar(ics).events.find((e) => e.summary === 'HR-nøgletal');
    assert.ok(event.isRecurring());
    const exdates = event.component.getAllProperties('exdate').flatMap((p) => p.getValues()).map((t) => t.toJSDate().toISOString());
    assert.deepEqual(exdates, [due]);
    const it = event.iterator();
    const utc = [];
    for (let next = it.next(); next && utc.length < 60; next = it.next()) {
        utc.push(next.toJSDate().toISOString());
    }
    assert.ok(!utc.includes(due), `${due} is still expanded: ${utc.join(', ')}`);
    assert.ok(utc.includes(new Date(Number(marked.next_due_time.seconds) * 1000).toISOString()));
});
