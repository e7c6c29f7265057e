#!/usr/bin/env python3
"""Writes the corpus of Checkmk notification contexts (NOTIFY_* as Checkmk 2.2-2.4 pass them to a script).

Each NAME.json: {"expect": "delivered" | "ignored", "context": {VARIABLE: VALUE}}. The corpus test runs the
notifier with each context (plus the rule's parameters) and checks a well-formed event or a logged ignore.
Edit this file and run it to change the corpus; the JSON files are committed so reviews see the data."""
import json, pathlib

here = pathlib.Path(__file__).parent

site = {
    "NOTIFY_OMD_SITE": "prod", "NOTIFY_OMD_ROOT": "/omd/sites/prod", "NOTIFY_MONITORING_HOST": "monitor01",
    "NOTIFY_CONTACTNAME": "oncall", "NOTIFY_CONTACTALIAS": "On-call rota", "NOTIFY_CONTACTEMAIL": "oncall@example.com",
    "NOTIFY_CONTACTPAGER": "", "NOTIFY_CONTACTS": "oncall,cmkadmin", "NOTIFY_LOGDIR": "/omd/sites/prod/var/check_mk/notify",
    "NOTIFY_DATE": "2026-11-26", "NOTIFY_SHORTDATETIME": "2026-11-26 01:23:45",
    "NOTIFY_LONGDATETIME": "Thu Nov 26 01:23:45 CET 2026", "NOTIFY_MICROTIME": "1795652625123456",
}
host = {
    "NOTIFY_HOSTNAME": "db-backend-07", "NOTIFY_HOSTALIAS": "Database backend 7", "NOTIFY_HOSTADDRESS": "10.20.30.7",
    "NOTIFY_HOST_ADDRESS_4": "10.20.30.7", "NOTIFY_HOST_ADDRESS_6": "", "NOTIFY_HOST_ADDRESS_FAMILY": "4",
    "NOTIFY_HOSTTAGS": "/wato/ auto-piggyback cmk-agent ip-v4 ip-v4-only lan no-snmp prod site:prod tcp",
    "NOTIFY_HOST_TAGS": "address_family:ip-v4-only agent:cmk-agent criticality:prod networking:lan",
    "NOTIFY_HOSTLABEL_cmk/os_family": "linux", "NOTIFY_HOSTLABEL_cmk/site": "prod", "NOTIFY_HOSTLABEL_team": "dba",
    "NOTIFY_HOSTGROUPNAMES": "databases,linux", "NOTIFY_HOSTCONTACTGROUPNAMES": "dba,all",
    "NOTIFY_HOSTCHECKCOMMAND": "check-mk-host-smart", "NOTIFY_HOST_SL": "", "NOTIFY_HOSTNOTESURL": "",
    "NOTIFY_HOSTURL": "/check_mk/index.py?start_url=view.py%3Fview_name%3Dhoststatus%26host%3Ddb-backend-07%26site%3Dprod",
    "NOTIFY_HOSTATTEMPT": "1", "NOTIFY_MAXHOSTATTEMPTS": "1", "NOTIFY_HOSTPROBLEMID": "1207",
    "NOTIFY_LASTHOSTPROBLEMID": "1207", "NOTIFY_HOSTNOTIFICATIONNUMBER": "1", "NOTIFY_HOSTDOWNTIME": "0",
    "NOTIFY_HOSTFORURL": "db-backend-07", "NOTIFY_HOSTPERFDATA": "rta=0.412ms;200.000;500.000;0; pl=0%;80;100;;",
}
service = {
    "NOTIFY_SERVICEDESC": "Filesystem /var/lib/postgresql", "NOTIFY_SERVICEDISPLAYNAME": "Filesystem /var/lib/postgresql",
    "NOTIFY_SERVICECHECKCOMMAND": "check_mk-df", "NOTIFY_SERVICEGROUPNAMES": "", "NOTIFY_SERVICECONTACTGROUPNAMES": "dba",
    "NOTIFY_SERVICEATTEMPT": "1", "NOTIFY_MAXSERVICEATTEMPTS": "1", "NOTIFY_SERVICEPROBLEMID": "88123",
    "NOTIFY_LASTSERVICEPROBLEMID": "88123", "NOTIFY_SERVICENOTIFICATIONNUMBER": "1", "NOTIFY_SERVICE_SL": "",
    "NOTIFY_SERVICELABEL_cmk/service_type": "filesystem", "NOTIFY_SERVICEFORURL": "Filesystem%20%2Fvar%2Flib%2Fpostgresql",
    "NOTIFY_SERVICEURL": "/check_mk/index.py?start_url=view.py%3Fview_name%3Dservice%26host%3Ddb-backend-07%26service%3DFilesystem%20%2Fvar%2Flib%2Fpostgresql",
    "NOTIFY_SERVICEPERFDATA": "fs_used=91234.5;80000;90000;0;100000 fs_size=100000;;;; growth=-12.3;;;;",
    "NOTIFY_HOSTSTATE": "UP", "NOTIFY_HOSTSTATEID": "0", "NOTIFY_HOSTOUTPUT": "Packet received via smart PING",
}

host_states = {"PROBLEM": ("DOWN", "1", "UP", "0"), "RECOVERY": ("UP", "0", "DOWN", "1")}
service_states = {"PROBLEM": ("CRITICAL", "2", "OK", "0"), "RECOVERY": ("OK", "0", "CRITICAL", "2")}
types = ["PROBLEM", "RECOVERY", "ACKNOWLEDGEMENT", "FLAPPINGSTART", "FLAPPINGSTOP", "FLAPPINGDISABLED",
         "DOWNTIMESTART", "DOWNTIMEEND", "DOWNTIMECANCELLED", "CUSTOM", "ALERTHANDLER (OK)"]
forwarded = {"PROBLEM", "RECOVERY", "ACKNOWLEDGEMENT"}


def write(name, expect, context):
    (here / f"{name}.json").write_text(json.dumps({"expect": expect, "context": context}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def slug(kind):
    return kind.split(" ")[0].lower()


for kind in types:
    state, sid, last, lastid = host_states.get(kind, host_states["PROBLEM"])
    context = {**site, **host, "NOTIFY_WHAT": "HOST", "NOTIFY_NOTIFICATIONTYPE": kind,
               "NOTIFY_HOSTSTATE": state, "NOTIFY_HOSTSTATEID": sid, "NOTIFY_LASTHOSTSTATE": last,
               "NOTIFY_LASTHOSTSTATEID": lastid, "NOTIFY_PREVIOUSHOSTHARDSTATE": last,
               "NOTIFY_HOSTSHORTSTATE": state[:4], "NOTIFY_LASTHOSTSHORTSTATE": last[:4],
               "NOTIFY_HOSTOUTPUT": "CRIT - 10.20.30.7: rta nan, lost 100%" if state == "DOWN" else "OK - 10.20.30.7: rta 0.412ms, lost 0%",
               "NOTIFY_LONGHOSTOUTPUT": ""}
    if kind == "ACKNOWLEDGEMENT":
        context |= {"NOTIFY_HOSTACKAUTHOR": "Jürgen Müller", "NOTIFY_HOSTACKCOMMENT": "Hardware ticket #4711: PSU getauscht, Neustart läuft",
                    "NOTIFY_NOTIFICATIONAUTHOR": "jmueller", "NOTIFY_NOTIFICATIONAUTHORNAME": "Jürgen Müller",
                    "NOTIFY_NOTIFICATIONAUTHORALIAS": "Jürgen Müller (DC Ops)", "NOTIFY_NOTIFICATIONCOMMENT": "Hardware ticket #4711: PSU getauscht, Neustart läuft"}
    if kind.startswith("DOWNTIME"):
        context |= {"NOTIFY_HOSTDOWNTIME": "1" if kind == "DOWNTIMESTART" else "0", "NOTIFY_NOTIFICATIONAUTHOR": "cmkadmin",
                    "NOTIFY_NOTIFICATIONCOMMENT": "Kernel update window"}
    if kind == "CUSTOM":
        context |= {"NOTIFY_NOTIFICATIONAUTHOR": "cmkadmin", "NOTIFY_NOTIFICATIONCOMMENT": "Test notification from the GUI"}
    if kind.startswith("ALERTHANDLER"):
        context |= {"NOTIFY_ALERTHANDLERNAME": "restart_service", "NOTIFY_ALERTHANDLEROUTPUT": "Service restarted", "NOTIFY_ALERTHANDLERSTATE": "OK"}
    write(f"host-{slug(kind)}", "delivered" if kind in forwarded else "ignored", context)

for kind in types:
    state, sid, last, lastid = service_states.get(kind, service_states["PROBLEM"])
    context = {**site, **host, **service, "NOTIFY_WHAT": "SERVICE", "NOTIFY_NOTIFICATIONTYPE": kind,
               "NOTIFY_SERVICESTATE": state, "NOTIFY_SERVICESTATEID": sid, "NOTIFY_LASTSERVICESTATE": last,
               "NOTIFY_LASTSERVICESTATEID": lastid, "NOTIFY_PREVIOUSSERVICEHARDSTATE": last,
               "NOTIFY_SERVICESHORTSTATE": state[:4], "NOTIFY_LASTSERVICESHORTSTATE": last[:4],
               "NOTIFY_SERVICEOUTPUT": "91.23% used (91.2 of 100 GiB), trend: +1.2 GiB / 24 hours(!!)" if state == "CRITICAL" else "75.01% used (75.0 of 100 GiB)",
               "NOTIFY_LONGSERVICEOUTPUT": "Used: 91.23% - 91.2 GiB of 100 GiB (warn/crit at 80.00%/90.00% used)(!!)\\nFree: 8.77% - 8.8 GiB\\nInodes used: 3.1%"}
    if kind == "ACKNOWLEDGEMENT":
        context |= {"NOTIFY_SERVICEACKAUTHOR": "cmkadmin", "NOTIFY_SERVICEACKCOMMENT": "Cleaning up WAL archive, see CHG-2026-118",
                    "NOTIFY_NOTIFICATIONAUTHOR": "cmkadmin", "NOTIFY_NOTIFICATIONAUTHORNAME": "Checkmk Admin",
                    "NOTIFY_NOTIFICATIONAUTHORALIAS": "Checkmk Admin", "NOTIFY_NOTIFICATIONCOMMENT": "Cleaning up WAL archive, see CHG-2026-118"}
    if kind.startswith("DOWNTIME"):
        context |= {"NOTIFY_SERVICEDOWNTIME": "1" if kind == "DOWNTIMESTART" else "0", "NOTIFY_NOTIFICATIONAUTHOR": "cmkadmin",
                    "NOTIFY_NOTIFICATIONCOMMENT": "Storage migration"}
    if kind == "CUSTOM":
        context |= {"NOTIFY_NOTIFICATIONAUTHOR": "cmkadmin", "NOTIFY_NOTIFICATIONCOMMENT": "Please check"}
    if kind.startswith("ALERTHANDLER"):
        context |= {"NOTIFY_ALERTHANDLERNAME": "vacuum", "NOTIFY_ALERTHANDLEROUTPUT": "done", "NOTIFY_ALERTHANDLERSTATE": "OK"}
    write(f"service-{slug(kind)}", "delivered" if kind in forwarded else "ignored", context)

# Hard cases, all forwarded.
base = {**site, **host, **service, "NOTIFY_WHAT": "SERVICE", "NOTIFY_NOTIFICATIONTYPE": "PROBLEM",
        "NOTIFY_SERVICESTATE": "CRITICAL", "NOTIFY_SERVICESTATEID": "2", "NOTIFY_LASTSERVICESTATE": "WARNING",
        "NOTIFY_LASTSERVICESTATEID": "1", "NOTIFY_SERVICESHORTSTATE": "CRIT"}
write("service-problem-non-ascii", "delivered", base | {
    "NOTIFY_HOSTNAME": "büro-drucker-ß", "NOTIFY_HOSTALIAS": "Drucker 3. OG (Größe A3)",
    "NOTIFY_SERVICEDESC": "Tonerfüllstand Schwarz", "NOTIFY_SERVICEDISPLAYNAME": "Tonerfüllstand Schwarz",
    "NOTIFY_SERVICEOUTPUT": "Füllstand 2 % ⚠ — ersetzen! 东京 データセンター 🔥",
    "NOTIFY_LONGSERVICEOUTPUT": "Schwarz: 2 %\\nCyan: 40 %\\nMagenta: 33 %",
    "NOTIFY_HOSTLABEL_standort": "Zürich/Örlikon"})
write("service-problem-multiline", "delivered", base | {
    "NOTIFY_SERVICEDESC": "Log /var/log/syslog", "NOTIFY_SERVICEOUTPUT": "3 CRIT messages",
    "NOTIFY_LONGSERVICEOUTPUT": "CRIT kernel: [12345.6] EXT4-fs error (device sda1)\nCRIT kernel: I/O error, dev sda, sector 123\r\n\tindented continuation\nlast line",
    "NOTIFY_SERVICEACKCOMMENT": ""})
write("service-problem-markup", "delivered", base | {
    "NOTIFY_SERVICEDESC": "HTTP <api> & \"health\"", "NOTIFY_SERVICEOUTPUT": "HTTP 500 <html><body>Error & \"quote\" 'apos'</body></html> ]]> <![CDATA[x]]>",
    "NOTIFY_LONGSERVICEOUTPUT": "Body: <?xml version=\"1.0\"?><error code=\"500\"/> &amp; &#x26; &lt;",
    "NOTIFY_SERVICEPERFDATA": "'response time'=1.2s;1;2;0; 'size'=5B;;;;"})
write("service-problem-control-chars", "delivered", base | {
    "NOTIFY_SERVICEOUTPUT": "bell\u0007 escape\u001b[31mred\u001b[0m vtab\u000b formfeed\u000c end",
    "NOTIFY_LONGSERVICEOUTPUT": "Checkmk bulk separator \u0001 inside"})
write("host-acknowledgement-multiline-comment", "delivered", {**site, **host, "NOTIFY_WHAT": "HOST",
    "NOTIFY_NOTIFICATIONTYPE": "ACKNOWLEDGEMENT", "NOTIFY_HOSTSTATE": "UNREACHABLE", "NOTIFY_HOSTSTATEID": "2",
    "NOTIFY_HOSTOUTPUT": "Host unreachable: parent core-sw-02 is DOWN",
    "NOTIFY_HOSTACKAUTHOR": "Ådne Ødegård", "NOTIFY_HOSTACKCOMMENT": "Switch replaced.\nWaiting for STP to converge.\n— Ådne",
    "NOTIFY_NOTIFICATIONAUTHOR": "aodegard", "NOTIFY_NOTIFICATIONAUTHORNAME": "Ådne Ødegård",
    "NOTIFY_NOTIFICATIONCOMMENT": "Switch replaced.\nWaiting for STP to converge.\n— Ådne"})
write("service-problem-long-output", "delivered", base | {
    "NOTIFY_SERVICEOUTPUT": "Found 2000 lines", "NOTIFY_LONGSERVICEOUTPUT": "\\n".join(f"line {i}: ÄÖÜ äöü <tag> & more" for i in range(1500))})
write("service-recovery-lowercase-type", "delivered", base | {"NOTIFY_NOTIFICATIONTYPE": "recovery", "NOTIFY_SERVICESTATE": "OK", "NOTIFY_SERVICESTATEID": "0"})
