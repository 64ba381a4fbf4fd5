#!/usr/bin/env python3
"""Fault-injection suite against the production-shaped run of deploy/local/run.sh (issue 19). Python stdlib only.

Run through deploy/local/faults.sh, which starts and seeds the run when none is up and passes its endpoints, the
service client's token and the reviewer's credentials in the environment. Scenarios (all by default, or those named
on the command line):

  redis-stop     Redis frozen with SIGSTOP for 20 s while 100 documents are uploaded and approved
  redis-empty    Redis killed, its data directory wiped and started again (empty) during 100 approvals
                 -> both: every version has exactly one workflow instance and one review task, every document is
                    Approved within 90 s of Redis returning, the outbox empties, the recurring jobs are back
  mariadb        MariaDB killed (SIGKILL) and started again on its data during uploads
  s3             the S3 emulator killed and started again during uploads
                 -> both: clients get only 503s with Retry-After during the outage (never a 500, never no answer),
                    readiness is Healthy and uploads succeed within 10 s of the dependency returning
  then, always:  no stored object without a version (orphans), no version without its object (S3 listed through
                 its API), the outbox empty, at most one workflow instance per version.

Each failing check prints the tail of the process logs. Exit status 1 when any check failed.
"""
import concurrent.futures
import datetime
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_DIR = os.path.join(REPO, ".local-deploy")
SERVICES = os.environ.get("FLOWDOCS_SERVICES_DIR", os.path.join(RUN_DIR, "services"))
WEB = os.environ["FLOWDOCS_WEB_URL"].rstrip("/")
# The workers that run (deploy/check.sh --local has stopped worker 1 in its scale-out step before the faults run):
# worker N listens on the Nth of FLOWDOCS_WORKER_PORTS and has .local-deploy/worker-N.pid while it runs.
WORKERS = [f"http://127.0.0.1:{p}" for n, p in enumerate(os.environ.get("FLOWDOCS_WORKER_PORTS", "").split(), start=1)
           if os.path.exists(os.path.join(RUN_DIR, f"worker-{n}.pid"))]
TOKEN = os.environ["FLOWDOCS_TOKEN"]
REVIEWER = (os.environ["FLOWDOCS_REVIEWER_EMAIL"], os.environ["FLOWDOCS_REVIEWER_PASSWORD"])
REDIS_PORT = os.environ.get("FLOWDOCS_REDIS_PORT", "6387")
S3_PORT = os.environ.get("FLOWDOCS_S3_PORT", "4579")
S3_BUCKET = os.environ.get("FLOWDOCS_S3_BUCKET", "flowdocs-test")
DATABASE = "flowdocs_local"
PREFIX = "{flowdocs}:"
APPROVALS = int(os.environ.get("FLOWDOCS_FAULTS_APPROVALS", "100"))
RECOVERY_LIMIT = 10.0  # s after MariaDB or S3 returns
APPROVAL_LIMIT = 90.0  # s after Redis returns
STARTED = time.monotonic()

failures = []
report = []  # (scenario, figure, value)


def now():
    return time.monotonic()


def stamp():
    return f"{now() - STARTED:7.1f}s"


def say(text):
    print(f"  {stamp()} {text}", flush=True)


def tail_logs(names=None):
    logs = [os.path.join(RUN_DIR, "logs", f"{n}.log") for n in ("web", "worker-1", "worker-2")]
    logs += [os.path.join(SERVICES, n, "server.log") for n in ("mariadb", "redis", "s3")]
    for path in logs:
        if names and not any(n in path for n in names):
            continue
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()[-20:]
        print(f"  ---- tail of {os.path.relpath(path, REPO)}")
        for line in lines:
            print(f"       {readable(line)[:300]}")


def readable(line):
    """A server log line (compact JSON: @t time, @l level, @m message, @x exception) as one line of text."""
    try:
        entry = json.loads(line)
    except ValueError:
        return line
    exception = (entry.get("@x") or "").split("\n", 1)[0]
    return f"{entry.get('@t', '')[11:23]} {entry.get('@l', 'Information')[:4]} {entry.get('@m', '')} {exception}".replace("\n", " ")


def check(ok, text, logs=None):
    if ok:
        say(f"ok    {text}")
    else:
        say(f"FAIL  {text}")
        failures.append(text)
        tail_logs(logs)
    return ok


# ---------------------------------------------------------------- HTTP

class Answer:
    def __init__(self, status, headers, body, started, ended, error=None, cookies=()):
        self.status, self.headers, self.body, self.started, self.ended, self.error = status, headers, body, started, ended, error
        self.cookies = list(cookies)  # each Set-Cookie header

    def json(self):
        return json.loads(self.body or b"null")


def call(method, url, body=None, headers=None, timeout=60):
    parts = urllib.parse.urlsplit(url)
    started = now()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data, started, now(),
                      cookies=[v for k, v in response.getheaders() if k.lower() == "set-cookie"])
    except (OSError, http.client.HTTPException) as e:
        return Answer(0, {}, b"", started, now(), error=f"{type(e).__name__}: {e}")
    finally:
        connection.close()


def bearer(extra=None):
    return {"Authorization": f"Bearer {TOKEN}", **(extra or {})}


class Reviewer:
    """The reviewer's browser session: signs in through /account/login; the API accepts its cookie."""

    def __init__(self):
        self.cookies = {}
        self.lock = threading.Lock()

    def _remember(self, answer):
        for header in answer.cookies:
            name, _, rest = header.partition("=")
            with self.lock:
                self.cookies[name.strip()] = rest.split(";", 1)[0]

    def headers(self, extra=None):
        with self.lock:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": cookie, **(extra or {})}

    def sign_in(self):
        page = call("GET", f"{WEB}/account/login")
        self._remember(page)
        token = re.search(rb'name="__RequestVerificationToken" value="([^"]*)"', page.body)
        form = urllib.parse.urlencode({
            "__RequestVerificationToken": token.group(1).decode() if token else "",
            "email": REVIEWER[0], "password": REVIEWER[1], "returnUrl": "/"})
        answer = call("POST", f"{WEB}/account/login", form.encode(),
                      self.headers({"Content-Type": "application/x-www-form-urlencoded"}))
        self._remember(answer)
        if answer.status != 302:
            raise RuntimeError(f"the reviewer's sign-in answered {answer.status}")

    def get(self, path):
        return call("GET", f"{WEB}{path}", headers=self.headers())

    def post_json(self, path, payload):
        return call("POST", f"{WEB}{path}", json.dumps(payload).encode(), self.headers({"Content-Type": "application/json"}))


class Tally:
    """Every answer clients got, with when they got it."""

    def __init__(self):
        self.answers = []
        self.lock = threading.Lock()

    def add(self, what, answer):
        with self.lock:
            self.answers.append((what, answer))
        return answer

    def between(self, start, end):
        with self.lock:
            return [(w, a) for w, a in self.answers if a.ended >= start and a.started <= end]

    @staticmethod
    def summary(answers):
        counts = {}
        for _, a in answers:
            counts[a.status] = counts.get(a.status, 0) + 1
        return ", ".join(f"{n}x{'no answer' if s == 0 else s}" for s, n in sorted(counts.items())) or "none"


def upload(tally, name, what="upload", size=0):
    body = f"fault suite {name} {time.time_ns()}\n".encode() + (os.urandom(size) if size else b"")
    query = urllib.parse.urlencode({"fileName": f"{name}.txt", "title": name})
    return tally.add(what, call("POST", f"{WEB}/api/documents?{query}", body, bearer({"Content-Type": "text/plain"}), timeout=60))


def ready(base):
    answer = call("GET", f"{base}/health/ready", timeout=5)
    try:
        return answer.json().get("status", "?") if answer.status in (200, 503) else f"HTTP {answer.status}"
    except ValueError:
        return f"HTTP {answer.status}"


def wait_until(predicate, deadline, interval=0.5):
    while True:
        value = predicate()
        if value or now() >= deadline:
            return value
        time.sleep(interval)


# ---------------------------------------------------------------- MariaDB, Redis, S3

def sql(query):
    out = subprocess.run(
        ["mariadb", f"--socket={SERVICES}/mariadb/mysqld.sock", "-uroot", "-N", "-B", DATABASE, "-e", query],
        capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"mariadb: {out.stderr.strip()}")
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def redis(*args):
    out = subprocess.run(["redis-cli", "-p", REDIS_PORT, *args], capture_output=True, text=True, timeout=30)
    return out.stdout.split()


def recurring_jobs():
    return set(redis("smembers", f"{PREFIX}recurring-jobs"))


def service_pid(name):
    with open(os.path.join(SERVICES, f"{name}.pid")) as f:
        return int(f.read().strip())


def kill(name):
    pid = service_pid(name)
    os.kill(pid, signal.SIGKILL)
    deadline = now() + 10
    while now() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    return pid


def restart(name):
    out = subprocess.run([os.path.join(REPO, "scripts", "test-services.sh"), "restart", name],
                         capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    if out.returncode != 0:
        raise RuntimeError(f"restarting {name}: {out.stderr.strip()}")


def s3_keys(prefix=""):
    """Every key of the bucket, listed through the S3 API (ListObjectsV2, signed with SigV4)."""
    host, region, access = f"127.0.0.1:{S3_PORT}", "us-east-1", "S3RVER"
    keys, token = [], None
    while True:
        params = {"list-type": "2", "prefix": prefix, **({"continuation-token": token} if token else {})}
        query = "&".join(f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(v, safe='-_.~')}" for k, v in sorted(params.items()))
        moment = datetime.datetime.now(datetime.timezone.utc)
        amz_date, day = moment.strftime("%Y%m%dT%H%M%SZ"), moment.strftime("%Y%m%d")
        payload = hashlib.sha256(b"").hexdigest()
        signed = "host;x-amz-content-sha256;x-amz-date"
        canonical = f"GET\n/{S3_BUCKET}\n{query}\nhost:{host}\nx-amz-content-sha256:{payload}\nx-amz-date:{amz_date}\n\n{signed}\n{payload}"
        scope = f"{day}/{region}/s3/aws4_request"
        to_sign = f"AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
        key = f"AWS4{access}".encode()
        for part in (day, region, "s3", "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        answer = call("GET", f"http://{host}/{S3_BUCKET}?{query}", headers={
            "x-amz-date": amz_date, "x-amz-content-sha256": payload,
            "Authorization": f"AWS4-HMAC-SHA256 Credential={access}/{scope}, SignedHeaders={signed}, Signature={signature}"})
        if answer.status != 200:
            raise RuntimeError(f"listing the bucket answered {answer.status}: {answer.body[:300]!r}")
        root = ET.fromstring(answer.body)
        ns = {"s3": root.tag.split("}")[0].strip("{")} if root.tag.startswith("{") else {}
        find = (lambda e, t: e.findall(f"s3:{t}", ns)) if ns else (lambda e, t: e.findall(t))
        for content in find(root, "Contents"):
            keys.append(find(content, "Key")[0].text)
        truncated = find(root, "IsTruncated")
        next_token = find(root, "NextContinuationToken")
        if truncated and truncated[0].text == "true" and next_token:
            token = next_token[0].text
        else:
            return keys


def is_content_key(key):
    parts = key.split("/")
    return len(parts) >= 3 and re.fullmatch(r"[0-9a-f]{32}", parts[0]) is not None and parts[1] in ("blobs", "uploads")


# ---------------------------------------------------------------- scenarios

def approvals_under_redis_fault(scenario, fault):
    """Uploads APPROVALS documents and has the reviewer approve them; fault() runs once a third are uploaded and
    returns when Redis is back (the moment the 90 s count from)."""
    print(f"== {scenario}: {APPROVALS} approvals, {fault.__doc__}", flush=True)
    tally, reviewer = Tally(), Reviewer()
    reviewer.sign_in()
    jobs_before = recurring_jobs()
    check(len(jobs_before) > 0, f"recurring jobs registered before the fault: {len(jobs_before)}")
    run = f"{scenario}-{int(time.time())}"
    documents, approved, lock, stop = {}, {}, threading.Lock(), threading.Event()

    def upload_one(i):
        deadline = now() + 300
        while now() < deadline:
            answer = upload(tally, f"{run}-{i}")
            if answer.status == 201:
                with lock:
                    documents[answer.json()["document"]["id"]] = i
                return True
            if answer.status not in (0, 429, 503) and answer.status < 500:
                return False  # a refusal no retry changes
            time.sleep(float(answer.headers.get("retry-after", "1")))
        return False

    def approve_round():
        with lock:
            pending = [d for d in documents if d not in approved]
        for document in pending:
            if stop.is_set():
                return
            answer = tally.add("reviewer", reviewer.get(f"/api/documents/{document}"))
            if answer.status != 200:
                continue
            if answer.json().get("status") == "Approved":
                with lock:
                    approved[document] = now()
                continue
            answer = tally.add("reviewer", reviewer.get(f"/api/documents/{document}/tasks"))
            if answer.status != 200:
                continue
            items = answer.json()
            for task in items["items"] if isinstance(items, dict) else items:
                if task.get("status") in ("Open", "Claimed"):
                    tally.add("reviewer", reviewer.post_json(f"/api/tasks/{task['id']}/complete", {"outcome": "Approve", "comment": scenario}))

    def approver():
        while not stop.is_set():
            approve_round()
            stop.wait(1)

    approving = threading.Thread(target=approver, daemon=True)
    approving.start()
    uploads_started = now()
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        results = [pool.submit(upload_one, i) for i in range(1, APPROVALS + 1)]
        wait_until(lambda: len(documents) >= APPROVALS // 3, now() + 300)
        with lock:
            uploaded_before = len(documents)
        fault_started = now()
        returned = fault()
        say(f"Redis back after {returned - fault_started:.1f} s; {uploaded_before} documents were uploaded before the fault")
        uploaded = sum(1 for r in results if r.result())
    check(uploaded == APPROVALS, f"{uploaded} of {APPROVALS} documents uploaded ({now() - uploads_started:.0f} s; "
                                 f"answers: {Tally.summary(tally.between(0, now()))})", ["web"])
    deadline = returned + APPROVAL_LIMIT
    wait_until(lambda: len(approved) >= len(documents), deadline, 1)
    stop.set()
    approving.join(60)
    last = max(approved.values(), default=returned)
    all_approved = len(approved) == len(documents) == APPROVALS
    check(all_approved, f"{len(approved)} of {len(documents)} documents Approved within {APPROVAL_LIMIT:.0f} s of Redis returning"
                        + (f" (the last {max(0.0, last - returned):.1f} s after)" if all_approved else ""),
          ["web", "worker-1", "worker-2"])
    report.append((scenario, "documents Approved", f"{len(approved)}/{APPROVALS}"))
    report.append((scenario, "last approval after Redis returned", f"{max(0.0, last - returned):.1f} s"))

    # One workflow instance and one review task per version (the start key is definition/trigger/version id).
    ids = ",".join(f"'{d}'" for d in documents) or "''"
    rows = sql(f"""
        SELECT v.Id,
          (SELECT COUNT(*) FROM WorkflowInstances i WHERE i.StartKey LIKE CONCAT('%/', v.Id)),
          (SELECT COUNT(*) FROM UserTasks t WHERE t.DocumentVersionId = v.Id)
        FROM DocumentVersions v WHERE v.DocumentId IN ({ids})""")
    instances = sorted({int(r[1]) for r in rows})
    tasks = sorted({int(r[2]) for r in rows})
    check(len(rows) == len(documents) and instances == [1] and tasks == [1],
          f"{len(rows)} versions: workflow instances per version {instances}, review tasks per version {tasks} (want [1] and [1])",
          ["worker-1", "worker-2"])
    report.append((scenario, "instances per version (min-max)", f"{instances[0]}-{instances[-1]}" if instances else "-"))
    report.append((scenario, "review tasks per version (min-max)", f"{tasks[0]}-{tasks[-1]}" if tasks else "-"))
    outbox_empty(scenario)
    restored = wait_until(lambda: jobs_before <= recurring_jobs(), now() + 60, 1)
    check(restored, f"recurring jobs restored: {len(recurring_jobs() & jobs_before)} of {len(jobs_before)}", ["worker-1", "worker-2"])
    report.append((scenario, "recurring jobs restored", f"{len(recurring_jobs() & jobs_before)}/{len(jobs_before)}"))
    readiness_healthy(scenario, now() + 60)
    no_server_errors(scenario, tally.between(0, now()))


def redis_stop():
    """Redis frozen with SIGSTOP for 20 s"""
    pid = service_pid("redis")
    os.kill(pid, signal.SIGSTOP)
    say(f"Redis (pid {pid}) stopped with SIGSTOP")
    try:
        time.sleep(20)  # the fault itself: a timed freeze
    finally:
        os.kill(pid, signal.SIGCONT)
    say("Redis continued (SIGCONT)")
    return now()


def redis_empty():
    """Redis killed, its data wiped, started again empty"""
    pid = kill("redis")
    data = os.path.join(SERVICES, "redis")
    for entry in os.listdir(data):
        if entry != "server.log":
            path = os.path.join(data, entry)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    say(f"Redis (pid {pid}) killed and its data directory wiped")
    time.sleep(3)  # the fault itself: down for 3 s
    restart("redis")
    say(f"Redis started again, empty (pid {service_pid('redis')}; {len(recurring_jobs())} recurring jobs in it)")
    return now()


def outage_during_uploads(scenario, service, label, down_for=10.0):
    """Three clients upload without pause (two small files, one 6 MB); the service is killed, down for down_for s, and started again."""
    print(f"== {scenario}: {label} killed and started again during uploads", flush=True)
    tally, stop = Tally(), threading.Event()
    readiness = []  # (time, status of web)
    run = f"{scenario}-{int(time.time())}"
    counter = iter(range(1, 1_000_000))
    counter_lock = threading.Lock()

    def uploader(size):
        while not stop.is_set():
            with counter_lock:
                i = next(counter)
            answer = upload(tally, f"{run}-{i}", size=size)
            if answer.status != 201:
                time.sleep(0.2)

    def prober():
        while not stop.is_set():
            readiness.append((now(), ready(WEB)))
            stop.wait(0.5)

    # Two clients send small files, one 6 MB files (a multipart write to S3), so the kill meets writes in flight.
    threads = [threading.Thread(target=uploader, args=(size,), daemon=True) for size in (0, 0, 6 * 1024 * 1024)]
    threads.append(threading.Thread(target=prober, daemon=True))
    for t in threads:
        t.start()
    try:
        wait_until(lambda: sum(1 for _, a in tally.between(0, now()) if a.status == 201) >= 3, now() + 60)
        killed_at = now()
        pid = kill(service)
        say(f"{label} (pid {pid}) killed with SIGKILL")
        # The fault itself: down for down_for s (clients keep uploading against it).
        time.sleep(down_for)
        restart(service)
        returned = now()
        say(f"{label} started again (pid {service_pid(service)}), {returned - killed_at:.1f} s after the kill")

        def recovered():
            healthy = next((t for t, s in readiness if t >= returned and s == "Healthy"), None)
            uploaded = next((a.ended for _, a in tally.between(returned, now()) if a.started >= returned and a.status == 201), None)
            return max(healthy, uploaded) if healthy and uploaded else None

        recovered_at = wait_until(recovered, returned + 60, 0.2)
        time.sleep(2)  # uploads go on a little after recovery, when nothing may fail any more
    finally:
        stop.set()
        for t in threads:
            t.join(90)

    during = tally.between(killed_at, recovered_at or now())
    everything = tally.between(0, now())
    recovery = (recovered_at - returned) if recovered_at else None
    check(recovery is not None and recovery <= RECOVERY_LIMIT,
          f"recovered {'never (60 s)' if recovery is None else f'{recovery:.1f} s'} after {label} returned "
          f"(web readiness Healthy and an upload succeeded; limit {RECOVERY_LIMIT:.0f} s)", ["web", service])
    unavailable = [a for _, a in during if a.status == 503]
    without_retry = [a for a in unavailable if "retry-after" not in a.headers]
    others = [a for _, a in during if a.status not in (201, 503)]
    check(len(unavailable) > 0, f"clients saw the outage: {len(unavailable)} answers 503 during it")
    check(not without_retry, f"every 503 had Retry-After ({len(without_retry)} without)")
    check(not others, f"during the outage clients got only 201 or 503 (answers: {Tally.summary(during)})"
          + (f"; e.g. {others[0].status} {others[0].error or others[0].body[:300]!r}" if others else ""), ["web"])
    dependencies = sorted({json.loads(a.body or b"{}").get("dependency", "?") for a in unavailable if a.body.startswith(b"{")})
    outage_states = sorted({s for t, s in readiness if killed_at + 2 <= t <= returned})
    say(f"      503s named: {', '.join(dependencies) or '-'}; web readiness during the outage: {', '.join(outage_states) or '-'}")
    after = [a for _, a in tally.between(recovered_at or now(), now()) if a.started >= (recovered_at or now())]
    check(all(a.status == 201 for a in after), f"after recovery every upload succeeded ({Tally.summary([(None, a) for a in after])})", ["web"])
    report.append((scenario, "answers during outage", Tally.summary(during)))
    report.append((scenario, "503 without Retry-After", str(len(without_retry))))
    report.append((scenario, "500s (whole scenario)", str(sum(1 for _, a in everything if a.status >= 500 and a.status != 503))))
    report.append((scenario, "no answer (whole scenario)", str(sum(1 for _, a in everything if a.status == 0))))
    report.append((scenario, "recovery after return", "never" if recovery is None else f"{recovery:.1f} s"))
    report.append((scenario, "uploads ok (whole scenario)", str(sum(1 for _, a in everything if a.status == 201))))
    # An upload that committed but was answered 503 is retried by its client: a second document. Counted, not failed.
    committed = int(sql(f"SELECT COUNT(*) FROM Documents WHERE Title LIKE '{run}-%'")[0][0])
    created = sum(1 for _, a in everything if a.status == 201)
    say(f"      {committed} documents committed for {created} answers 201")
    report.append((scenario, "committed but answered 503", str(committed - created)))
    no_server_errors(scenario, everything)
    readiness_healthy(scenario, now() + 30)


def no_server_errors(scenario, answers):
    errors = [a for _, a in answers if a.status >= 500 and a.status != 503]
    check(not errors, f"{scenario}: no 5xx other than 503 ({len(errors)})"
          + (f"; e.g. {errors[0].status} {errors[0].body[:300]!r}" if errors else ""), ["web"])


def readiness_healthy(scenario, deadline):
    states = wait_until(lambda: (lambda s: s if all(x == "Healthy" for x in s) else None)([ready(b) for b in [WEB, *WORKERS]]), deadline)
    check(states is not None, f"{scenario}: web and workers ready (Healthy): {[ready(b) for b in [WEB, *WORKERS]]}")


def outbox_empty(scenario):
    count = lambda: int(sql("SELECT COUNT(*) FROM OutboxMessages")[0][0])
    # A handler that failed, or an inline dispatch cut short, is retried by the sweep after a minute (InlineGrace).
    empty = wait_until(lambda: count() == 0, now() + 150, 1)
    rows = count()
    check(bool(empty), f"{scenario}: outbox empty ({rows} rows)", ["web", "worker-1", "worker-2"])
    report.append((scenario, "outbox rows at the end", str(rows)))


def final_checks():
    print("== at the end: blobs against versions, outbox, instances", flush=True)
    def inventory():
        keys = set(k for k in s3_keys() if is_content_key(k))
        referenced = {r[0] for r in sql("SELECT BlobKey FROM DocumentBlobs UNION SELECT BlobKey FROM UploadChunks")}
        return keys, sorted(keys - referenced)

    # An object an upload could not delete during an outage is deleted by the process that wrote it once the store and
    # the database answer again (BlobDeleteRetries, every 5 s): allow it that long, not the hourly sweep.
    keys, orphans = inventory()
    deadline = now() + 30
    while orphans and now() < deadline:
        time.sleep(2)
        keys, orphans = inventory()
    version_keys = {r[0]: int(r[1]) for r in sql("SELECT BlobKey, COUNT(*) FROM DocumentVersions GROUP BY BlobKey")}
    missing = sorted(k for k in version_keys if k not in keys)
    versions = sum(version_keys.values())
    check(not orphans, f"orphan blobs (objects no version or upload refers to): {len(orphans)} of {len(keys)} objects"
          + (f"; e.g. {orphans[:3]}" if orphans else ""), ["web"])
    check(not missing, f"versions without a blob: {sum(version_keys[k] for k in missing)} of {versions}"
          + (f"; e.g. {missing[:3]}" if missing else ""), ["web"])
    report.append(("end", "objects in the bucket / versions", f"{len(keys)} / {versions}"))
    report.append(("end", "orphan blobs", str(len(orphans))))
    report.append(("end", "versions without a blob", str(sum(version_keys[k] for k in missing))))
    doubles = sql("""SELECT SUBSTRING_INDEX(StartKey, '/', -1) AS v, COUNT(*) FROM WorkflowInstances
                     WHERE StartKey IS NOT NULL GROUP BY v HAVING COUNT(*) > 1""")
    check(not doubles, f"no version has two workflow instances started by one trigger ({len(doubles)} have)")
    report.append(("end", "versions with >1 instance", str(len(doubles))))
    outbox_empty("end")


SCENARIOS = {
    "redis-stop": lambda: approvals_under_redis_fault("redis-stop", redis_stop),
    "redis-empty": lambda: approvals_under_redis_fault("redis-empty", redis_empty),
    "mariadb": lambda: outage_during_uploads("mariadb", "mariadb", "MariaDB"),
    "s3": lambda: outage_during_uploads("s3", "s3", "the S3 emulator"),
}


def main(names):
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        print(f"faults.py: unknown scenario(s) {unknown}; choose from {list(SCENARIOS)}", file=sys.stderr)
        return 64
    for name in names or list(SCENARIOS):
        try:
            SCENARIOS[name]()
        except Exception as e:  # a scenario that cannot go on is a failure; the others still run
            traceback.print_exc()
            check(False, f"{name}: {type(e).__name__}: {e}", ["web", "worker-1", "worker-2"])
    try:
        final_checks()
    except Exception as e:
        check(False, f"final checks: {type(e).__name__}: {e}")
    print("== faults.py report", flush=True)
    width = max((len(f) for _, f, _ in report), default=10)
    for scenario, figure, value in report:
        print(f"  {scenario:<12} {figure:<{width}}  {value}")
    print(f"faults.py: {'FAILED: ' + str(len(failures)) + ' check(s)' if failures else 'passed'} in {now() - STARTED:.0f} s", flush=True)
    for text in failures:
        print(f"  FAIL {text}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
