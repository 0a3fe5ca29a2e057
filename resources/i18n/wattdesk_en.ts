<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/ui/about.py" line="59" />
        <source>About WattDesk</source>
        <translation>About WattDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="66" />
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="67" />
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="68" />
        <source>Data folder</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="69" />
        <source>Log folder</source>
        <translation>Log folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="70" />
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="72" />
        <source>WattDesk — prepaid electricity control room</source>
        <translation>WattDesk — prepaid electricity control room</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="85" />
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="89" />
        <source>Open log folder</source>
        <translation>Open log folder</translation>
    </message>
</context>
<context>
    <name>AccountActions</name>
    <message>
        <location filename="../../app/ui/account_actions.py" line="47" />
        <source>Your role (%1) may not change accounts.</source>
        <translation>Your role (%1) may not change accounts.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="48" />
        <source>The room is let: close or transfer its account first.</source>
        <translation>The room is let: close or transfer its account first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="49" />
        <location filename="../../app/ui/account_actions.py" line="123" />
        <source>A vacant room has no account.</source>
        <translation>A vacant room has no account.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="51" />
        <source>Your role (%1) may not change meters.</source>
        <translation>Your role (%1) may not change meters.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="53" />
        <source>Open account…</source>
        <translation>Open account…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="55" />
        <source>Pre-set account…</source>
        <translation>Pre-set account…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="57" />
        <source>Open its pre-set account</source>
        <translation>Open its pre-set account</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="59" />
        <source>Close account…</source>
        <translation>Close account…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="60" />
        <source>Closing settles and refunds: only an administrator.</source>
        <translation>Closing settles and refunds: only an administrator.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="62" />
        <source>Transfer of ownership…</source>
        <translation>Transfer of ownership…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="64" />
        <source>Meter swap…</source>
        <translation>Meter swap…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="67" />
        <source>Tenant and contacts…</source>
        <translation>Tenant and contacts…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="99" />
        <source>No pre-set account has reserved this room.</source>
        <translation>No pre-set account has reserved this room.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="101" />
        <source>Account %1 is open.</source>
        <translation>Account %1 is open.</translation>
    </message>
</context>
<context>
    <name>AccountTableModel</name>
    <message>
        <location filename="../../app/ui/accounts.py" line="74" />
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="75" />
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="76" />
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="77" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="78" />
        <source>Rooms</source>
        <translation>Rooms</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="79" />
        <source>Meters</source>
        <translation>Meters</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="80" />
        <source>Balance</source>
        <translation>Balance</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="81" />
        <source>Payers</source>
        <translation>Payers</translation>
    </message>
</context>
<context>
    <name>Accounts</name>
    <message>
        <location filename="../../app/ui/labels.py" line="170" />
        <source>meter-side (表端计费)</source>
        <translation>meter-side (表端计费)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="171" />
        <source>platform-side (后台计费)</source>
        <translation>platform-side (后台计费)</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="61" />
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="62" />
        <source>pre-set</source>
        <translation>pre-set</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="63" />
        <source>closed</source>
        <translation>closed</translation>
    </message>
</context>
<context>
    <name>AccountsWindow</name>
    <message>
        <location filename="../../app/ui/accounts.py" line="164" />
        <source>Accounts (账户管理)</source>
        <translation>Accounts (账户管理)</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="190" />
        <source>Search tenant, pinyin initials, room or account number</source>
        <translation>Search tenant, pinyin initials, room or account number</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="192" />
        <source>Show closed accounts</source>
        <translation>Show closed accounts</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="204" />
        <source>Accounts</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="210" />
        <source>Open account…</source>
        <translation>Open account…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="211" />
        <source>Pre-set account…</source>
        <translation>Pre-set account…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="212" />
        <source>Open pre-set</source>
        <translation>Open pre-set</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="213" />
        <source>Cancel pre-set</source>
        <translation>Cancel pre-set</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="214" />
        <source>Close account…</source>
        <translation>Close account…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="215" />
        <source>Transfer of ownership…</source>
        <translation>Transfer of ownership…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="216" />
        <source>Meter swap…</source>
        <translation>Meter swap…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="217" />
        <source>Tenant and contacts…</source>
        <translation>Tenant and contacts…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="218" />
        <source>Message contacts…</source>
        <translation>Message contacts…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="263" />
        <source>%1 of %2 accounts</source>
        <translation>%1 of %2 accounts</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="288" />
        <source>Your role (%1) may not change accounts: ask an operator.</source>
        <translation>Your role (%1) may not change accounts: ask an operator.</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="292" />
        <source>Closing settles and refunds: only an administrator (your role: %1).</source>
        <translation>Closing settles and refunds: only an administrator (your role: %1).</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="294" />
        <source>Your role (%1) may not change meters: ask an operator.</source>
        <translation>Your role (%1) may not change meters: ask an operator.</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="297" />
        <source>Choose an account in the list first.</source>
        <translation>Choose an account in the list first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="348" />
        <source>Only a pre-set account can be opened or cancelled here.</source>
        <translation>Only a pre-set account can be opened or cancelled here.</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="349" />
        <source>Only an open account with rooms and meters allows this.</source>
        <translation>Only an open account with rooms and meters allows this.</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="421" />
        <source>Open pre-set account %1 now?</source>
        <translation>Open pre-set account %1 now?</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="426" />
        <source>Account %1 is open.</source>
        <translation>Account %1 is open.</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="427" />
        <source>Not opened: %1</source>
        <translation>Not opened: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="433" />
        <source>Cancel pre-set account %1 and free its rooms?</source>
        <translation>Cancel pre-set account %1 and free its rooms?</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="440" />
        <source>Pre-set account %1 cancelled.</source>
        <translation>Pre-set account %1 cancelled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="442" />
        <source>Not cancelled: %1</source>
        <translation>Not cancelled: %1</translation>
    </message>
</context>
<context>
    <name>AlarmsDock</name>
    <message>
        <location filename="../../app/ui/alarms.py" line="71" />
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="71" />
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="71" />
        <source>Room / meter</source>
        <translation>Room / meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="71" />
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="83" />
        <source>All events</source>
        <translation>All events</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="84" />
        <source>Alarms (level 1+)</source>
        <translation>Alarms (level 1+)</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="85" />
        <source>Level 2+</source>
        <translation>Level 2+</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="86" />
        <source>Level 3 only</source>
        <translation>Level 3 only</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="89" />
        <source>All kinds</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="98" />
        <location filename="../../app/ui/alarms.py" line="134" />
        <source>All buildings</source>
        <translation>All buildings</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="102" />
        <source>Sound</source>
        <translation>Sound</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="104" />
        <source>Beep for level-3 alarms and offline storms (the banner shows either way).</source>
        <translation>Beep for level-3 alarms and offline storms (the banner shows either way).</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="108" />
        <source>Acknowledge selected</source>
        <translation>Acknowledge selected</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="112" />
        <source>Your role reads alarms but may not acknowledge them.</source>
        <translation>Your role reads alarms but may not acknowledge them.</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="114" />
        <source>Show:</source>
        <translation>Show:</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="209" />
        <source>acknowledged</source>
        <translation>acknowledged</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="214" />
        <source>Alarms and events</source>
        <translation>Alarms and events</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/alarms.py" line="216" />
        <source>(%n unacknowledged)</source>
        <translation><numerusform>(%n unacknowledged)</numerusform><numerusform>(%n unacknowledged)</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="249" />
        <source>Alarms: %1</source>
        <translation>Alarms: %1</translation>
    </message>
</context>
<context>
    <name>AlarmsPage</name>
    <message>
        <location filename="../../app/ui/settings_site.py" line="178" />
        <source>Alarm levels</source>
        <translation>Alarm levels</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="184" />
        <source>Cut platform-side meters at the cut-off line</source>
        <translation>Cut platform-side meters at the cut-off line</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="185" />
        <source>Restore them after a recharge</source>
        <translation>Restore them after a recharge</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="186" />
        <source>yuan</source>
        <translation>yuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="189" />
        <source>Level 1 (warning) at or below</source>
        <translation>Level 1 (warning) at or below</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="190" />
        <source>Level 2 (pre-trip) at or below</source>
        <translation>Level 2 (pre-trip) at or below</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="191" />
        <source>Level 3 = cut-off line at or below</source>
        <translation>Level 3 = cut-off line at or below</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="192" />
        <source>Restore above</source>
        <translation>Restore above</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="205" />
        <source>These are the defaults of the whole site. They colour the park tree and the room tiles, raise the alarms and, for platform-side billing, cut and restore the relay (the cut-off line is lowered by an account's overdraft limit). Meter-side meters alarm and trip on the amounts written into them (room detail → parameters). Changes apply within seconds, without a restart.</source>
        <translation>These are the defaults of the whole site. They colour the park tree and the room tiles, raise the alarms and, for platform-side billing, cut and restore the relay (the cut-off line is lowered by an account's overdraft limit). Meter-side meters alarm and trip on the amounts written into them (room detail → parameters). Changes apply within seconds, without a restart.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="215" />
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="231" />
        <source>change the alarm levels</source>
        <translation>change the alarm levels</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="251" />
        <source>Level 1</source>
        <translation>Level 1</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="252" />
        <source>Level 2</source>
        <translation>Level 2</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="253" />
        <source>Cut-off line</source>
        <translation>Cut-off line</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="254" />
        <source>Restore line</source>
        <translation>Restore line</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="273" />
        <source>Saved. The collector and the park tree use these levels now.</source>
        <translation>Saved. The collector and the park tree use these levels now.</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <location filename="../../app/ui/alerts.py" line="86" />
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
</context>
<context>
    <name>AlertNotifier</name>
    <message>
        <location filename="../../app/ui/alerts.py" line="194" />
        <source>WattDesk alarm</source>
        <translation>WattDesk alarm</translation>
    </message>
</context>
<context>
    <name>Alerts</name>
    <message numerus="yes">
        <location filename="../../app/ui/alerts.py" line="49" />
        <source>%n meter(s) went offline on %1</source>
        <translation><numerusform>%n meter went offline on %1</numerusform><numerusform>%n meters went offline on %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/alerts.py" line="51" />
        <source>%n meter(s) offline on %1</source>
        <translation><numerusform>%n meter offline on %1</numerusform><numerusform>%n meters offline on %1</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts.py" line="67" />
        <source>Level-3 alarm: %1 — %2</source>
        <translation>Level-3 alarm: %1 — %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/alerts.py" line="73" />
        <source> (and %n more)</source>
        <translation><numerusform> (and %n more)</numerusform><numerusform> (and %n more)</numerusform></translation>
    </message>
</context>
<context>
    <name>ApprovalBox</name>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="154" />
        <source>Administrator approval</source>
        <translation>Administrator approval</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="158" />
        <source>Money out above %1 needs an administrator's approval: the administrator types their login and password here.</source>
        <translation>Money out above %1 needs an administrator's approval: the administrator types their login and password here.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="171" />
        <source>Administrator:</source>
        <translation>Administrator:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="172" />
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
</context>
<context>
    <name>ApprovalsDialog</name>
    <message>
        <location filename="../../app/ui/approvals.py" line="61" />
        <source>Refund approvals (退费审批)</source>
        <translation>Refund approvals (退费审批)</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="65" />
        <source>Asked at</source>
        <translation>Asked at</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="66" />
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="67" />
        <source>Tenant / rooms</source>
        <translation>Tenant / rooms</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="68" />
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="69" />
        <source>Balance now</source>
        <translation>Balance now</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="70" />
        <source>Paid out by</source>
        <translation>Paid out by</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="71" />
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="81" />
        <source>Approve and refund…</source>
        <translation>Approve and refund…</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="82" />
        <source>Reject…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="83" />
        <source>Reload</source>
        <translation>Reload</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="84" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="93" />
        <source>No refund is waiting for approval.</source>
        <translation>No refund is waiting for approval.</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="95" />
        <source>Only an administrator decides refund requests; you can see them.</source>
        <translation>Only an administrator decides refund requests; you can see them.</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="155" />
        <source>Refund %1 by %2, asked by %3?</source>
        <translation>Refund %1 by %2, asked by %3?</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="163" />
        <source>Why is the refund %1 rejected?</source>
        <translation>Why is the refund %1 rejected?</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="179" />
        <source>Refunded %1: slip %2 (in %3's shift).</source>
        <translation>Refunded %1: slip %2 (in %3's shift).</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="184" />
        <source>Request of %1 for %2 rejected.</source>
        <translation>Request of %1 for %2 rejected.</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="195" />
        <source>Not done: %1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="206" />
        <source>Approve refund</source>
        <translation>Approve refund</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="209" />
        <source>Reject refund</source>
        <translation>Reject refund</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../app/ui/tariffs.py" line="448" />
        <source>Assign tariff %1</source>
        <translation>Assign tariff %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="460" />
        <source>Tariff:</source>
        <translation>Tariff:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="461" />
        <source>Applies to:</source>
        <translation>Applies to:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="462" />
        <source>Which:</source>
        <translation>Which:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="466" />
        <source>Assign</source>
        <translation>Assign</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="470" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="509" />
        <source>Which: choose one from the list.</source>
        <translation>Which: choose one from the list.</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <location filename="../../app/ui/settings_site.py" line="284" />
        <source>Backup</source>
        <translation>Backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="287" />
        <source>Back up automatically every day at</source>
        <translation>Back up automatically every day at</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="292" />
        <source>(the WattDesk data folder)</source>
        <translation>(the WattDesk data folder)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="293" />
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="297" />
        <source> backups</source>
        <translation> backups</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="307" />
        <source>Schedule</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="308" />
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="309" />
        <source>Keep the newest</source>
        <translation>Keep the newest</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="313" />
        <source>The time is site time. A backup missed while this computer was off is taken when WattDesk next starts. Keep backups on another disk too: a copy on the same disk does not survive a disk failure.</source>
        <translation>The time is site time. A backup missed while this computer was off is taken when WattDesk next starts. Keep backups on another disk too: a copy on the same disk does not survive a disk failure.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="321" />
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="323" />
        <source>Back up now</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="332" />
        <source>change the backup schedule</source>
        <translation>change the backup schedule</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="339" />
        <source>take a backup</source>
        <translation>take a backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="343" />
        <source>A PostgreSQL database is backed up on its server (pg_dump).</source>
        <translation>A PostgreSQL database is backed up on its server (pg_dump).</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="362" />
        <source>Backup folder</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="384" />
        <source>Saved: no automatic backup.</source>
        <translation>Saved: no automatic backup.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="387" />
        <source>Saved: a backup every day at %1.</source>
        <translation>Saved: a backup every day at %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="396" />
        <source>Backing up…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="406" />
        <source>Backup written: %1 (%2 MB)</source>
        <translation>Backup written: %1 (%2 MB)</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message numerus="yes">
        <location filename="../../app/ui/batches_dialog.py" line="143" />
        <source>Batch over %n rooms</source>
        <translation><numerusform>Batch over %n rooms</numerusform><numerusform>Batch over %n rooms</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="103" />
        <source>Tariff name, as in the Tariffs window</source>
        <translation>Tariff name, as in the Tariffs window</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="156" />
        <source>Run now</source>
        <translation>Run now</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="157" />
        <source>Run at</source>
        <translation>Run at</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="117" />
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="122" />
        <source>Create batch</source>
        <translation>Create batch</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="253" />
        <source>Preview first: see what each item will do.</source>
        <translation>Preview first: see what each item will do.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="182" />
        <source>Action:</source>
        <translation>Action:</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="141" />
        <source>New batch</source>
        <translation>New batch</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="145" />
        <source>Batch over building %1</source>
        <translation>Batch over building %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="146" />
        <source>Batch over floor %1</source>
        <translation>Batch over floor %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="152" />
        <source>Tariff:</source>
        <translation>Tariff:</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="170" />
        <source>once</source>
        <translation>once</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="171" />
        <source>every day</source>
        <translation>every day</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="172" />
        <source>every week</source>
        <translation>every week</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="177" />
        <location filename="../../app/ui/batches_dialog.py" line="181" />
        <source>Rooms:</source>
        <translation>Rooms:</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="188" />
        <source>When:</source>
        <translation>When:</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="194" />
        <source>What will happen to each item:</source>
        <translation>What will happen to each item:</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="211" />
        <source>building %1</source>
        <translation>building %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="215" />
        <source>floor %1</source>
        <translation>floor %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="216" />
        <source>every room in arrears</source>
        <translation>every room in arrears</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="243" />
        <source>A money batch runs once: each one is approved on its own.</source>
        <translation>A money batch runs once: each one is approved on its own.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="248" />
        <source>The rooms come from the sheet.</source>
        <translation>The rooms come from the sheet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="306" />
        <source>Correct the fields marked in red.</source>
        <translation>Correct the fields marked in red.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="314" />
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="335" />
        <source>base allowance (基础额度)</source>
        <translation>base allowance (基础额度)</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="339" />
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="339" />
        <source>Room / meter</source>
        <translation>Room / meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="339" />
        <source>What will happen</source>
        <translation>What will happen</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="340" />
        <source>Amount ¥</source>
        <translation>Amount ¥</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="351" />
        <source>… and %1 more</source>
        <translation>… and %1 more</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/batches_dialog.py" line="357" />
        <source>%n items.</source>
        <translation><numerusform>%n items.</numerusform><numerusform>%n items.</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="360" />
        <source>Total %1.</source>
        <translation>Total %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="362" />
        <source>A second administrator must approve it before it runs.</source>
        <translation>A second administrator must approve it before it runs.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="370" />
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="370" />
        <source>Column</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="370" />
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/batches_dialog.py" line="373" />
        <source>The sheet has %n error(s); nothing was created. Correct the file and preview again.</source>
        <translation><numerusform>The sheet has %n error; nothing was created. Correct the file and preview again.</numerusform><numerusform>The sheet has %n errors; nothing was created. Correct the file and preview again.</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="402" />
        <source>Batch %1 created. It is waiting for a second administrator's approval (Batches window → Approve); nothing moves before.</source>
        <translation>Batch %1 created. It is waiting for a second administrator's approval (Batches window → Approve); nothing moves before.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="408" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>BatchProgress</name>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="459" />
        <source>Batch %1 (%2): %3</source>
        <translation>Batch %1 (%2): %3</translation>
    </message>
</context>
<context>
    <name>Batches</name>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="35" />
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="38" />
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="41" />
        <source>Cancel batch…</source>
        <translation>Cancel batch…</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="44" />
        <source>Retry failed</source>
        <translation>Retry failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="47" />
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="67" />
        <source>Select a batch first.</source>
        <translation>Select a batch first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="70" />
        <source>Your role may not steer a batch of this kind.</source>
        <translation>Your role may not steer a batch of this kind.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="79" />
        <source>Only a waiting or running batch pauses.</source>
        <translation>Only a waiting or running batch pauses.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="86" />
        <source>The batch is not paused.</source>
        <translation>The batch is not paused.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="93" />
        <source>The batch has finished.</source>
        <translation>The batch has finished.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="100" />
        <source>No failed item to retry.</source>
        <translation>No failed item to retry.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="108" />
        <source>Only another administrator approves a money batch.</source>
        <translation>Only another administrator approves a money batch.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="112" />
        <source>Only an administrator approves a money batch.</source>
        <translation>Only an administrator approves a money batch.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="115" />
        <source>The batch is not waiting for approval.</source>
        <translation>The batch is not waiting for approval.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="127" />
        <source>Batches</source>
        <translation>Batches</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="140" />
        <source>Batch %1 paused.</source>
        <translation>Batch %1 paused.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="145" />
        <source>Batch %1 resumed.</source>
        <translation>Batch %1 resumed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="149" />
        <source>Cancel batch %1? Items not yet sent are cancelled; items already sent finish.</source>
        <translation>Cancel batch %1? Items not yet sent are cancelled; items already sent finish.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="156" />
        <source>Batch %1 cancelled.</source>
        <translation>Batch %1 cancelled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="161" />
        <source>Batch %1: failed items queued again.</source>
        <translation>Batch %1: failed items queued again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="165" />
        <source>Batch %1 approved.</source>
        <translation>Batch %1 approved.</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="388" />
        <source>awaiting approval</source>
        <translation>awaiting approval</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="389" />
        <location filename="../../app/ui/labels.py" line="401" />
        <source>queued</source>
        <translation>queued</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="390" />
        <source>scheduled</source>
        <translation>scheduled</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="391" />
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="392" />
        <source>paused</source>
        <translation>paused</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="393" />
        <location filename="../../app/ui/labels.py" line="406" />
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="394" />
        <location filename="../../app/ui/labels.py" line="403" />
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="402" />
        <source>sent</source>
        <translation>sent</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="404" />
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="405" />
        <source>skipped</source>
        <translation>skipped</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="416" />
        <source>relay cut</source>
        <translation>relay cut</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="417" />
        <source>relay restore</source>
        <translation>relay restore</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="418" />
        <source>guaranteed supply on</source>
        <translation>guaranteed supply on</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="419" />
        <source>guaranteed supply off</source>
        <translation>guaranteed supply off</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="420" />
        <source>meter parameters</source>
        <translation>meter parameters</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="421" />
        <source>clock sync</source>
        <translation>clock sync</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="422" />
        <source>tariff assignment</source>
        <translation>tariff assignment</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="423" />
        <source>recharge from a sheet</source>
        <translation>recharge from a sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="424" />
        <source>fee deduction</source>
        <translation>fee deduction</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="434" />
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="438" />
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="444" />
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="508" />
        <source>Price %1, yuan/kWh</source>
        <translation>Price %1, yuan/kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="510" />
        <source>Alarm level 1 (一级告警), yuan</source>
        <translation>Alarm level 1 (一级告警), yuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="511" />
        <source>Alarm level 2 (二级告警), yuan</source>
        <translation>Alarm level 2 (二级告警), yuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="512" />
        <source>Maximum balance (囤积限额), yuan</source>
        <translation>Maximum balance (囤积限额), yuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="523" />
        <source>room</source>
        <translation>room</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="524" />
        <source>building</source>
        <translation>building</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="525" />
        <source>amount</source>
        <translation>amount</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="526" />
        <source>method</source>
        <translation>method</translation>
    </message>
</context>
<context>
    <name>BatchesWindow</name>
    <message>
        <location filename="../../app/ui/batches.py" line="94" />
        <source>Batches</source>
        <translation>Batches</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="107" />
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="108" />
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="109" />
        <source>Rooms</source>
        <translation>Rooms</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="110" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="111" />
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="112" />
        <source>Items by state</source>
        <translation>Items by state</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="113" />
        <source>Time left</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="114" />
        <source>Created by</source>
        <translation>Created by</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="120" />
        <source>New batch…</source>
        <translation>New batch…</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="127" />
        <source>All states</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="133" />
        <source>Filter by room or reason</source>
        <translation>Filter by room or reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="138" />
        <source>Export to Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="145" />
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="146" />
        <source>Room / meter</source>
        <translation>Room / meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="147" />
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="148" />
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="149" />
        <source>Amount ¥</source>
        <translation>Amount ¥</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="150" />
        <source>Attempts</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="179" />
        <source>Items:</source>
        <translation>Items:</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="226" />
        <source>%1 batches, %2 running or queued</source>
        <translation>%1 batches, %2 running or queued</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="270" />
        <source>No estimate yet: not every bus of this batch has finished a batch of this action without failures.</source>
        <translation>No estimate yet: not every bus of this batch has finished a batch of this action without failures.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="275" />
        <source>≈ %1 once started</source>
        <translation>≈ %1 once started</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="276" />
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="279" />
        <source>Estimated from the last finished batches of this action on the same buses (%1 per item on the slowest; buses run in parallel).</source>
        <translation>Estimated from the last finished batches of this action on the same buses (%1 per item on the slowest; buses run in parallel).</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="359" />
        <source>batch-%1.xlsx</source>
        <translation>batch-%1.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="361" />
        <source>Export the batch</source>
        <translation>Export the batch</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="361" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="377" />
        <source>Written: %1</source>
        <translation>Written: %1</translation>
    </message>
</context>
<context>
    <name>Billing</name>
    <message>
        <location filename="../../app/ui/labels.py" line="279" />
        <source>line loss</source>
        <translation>line loss</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="280" />
        <source>common-area meters</source>
        <translation>common-area meters</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="281" />
        <source>loss and common use</source>
        <translation>loss and common use</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="288" />
        <source>by energy used</source>
        <translation>by energy used</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="289" />
        <source>by area (m²)</source>
        <translation>by area (m²)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="290" />
        <source>equally</source>
        <translation>equally</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="291" />
        <source>by fixed ratios</source>
        <translation>by fixed ratios</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="298" />
        <location filename="../../app/ui/labels.py" line="370" />
        <source>fixed amount</source>
        <translation>fixed amount</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="299" />
        <source>per m² of area</source>
        <translation>per m² of area</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="300" />
        <source>per kWh used</source>
        <translation>per kWh used</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="307" />
        <source>one-off</source>
        <translation>one-off</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="308" />
        <source>monthly</source>
        <translation>monthly</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="309" />
        <source>quarterly</source>
        <translation>quarterly</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="310" />
        <source>yearly</source>
        <translation>yearly</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="317" />
        <source>deduct from balance</source>
        <translation>deduct from balance</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="318" />
        <source>bill (collect at counter)</source>
        <translation>bill (collect at counter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="325" />
        <source>whole park</source>
        <translation>whole park</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="326" />
        <source>buildings</source>
        <translation>buildings</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="327" />
        <source>floors</source>
        <translation>floors</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="328" />
        <source>accounts</source>
        <translation>accounts</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="335" />
        <source>posted</source>
        <translation>posted</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="336" />
        <source>reversed</source>
        <translation>reversed</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="343" />
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="344" />
        <source>paid</source>
        <translation>paid</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="345" />
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="353" />
        <source>master meter</source>
        <translation>master meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="354" />
        <source>common-area meter</source>
        <translation>common-area meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="355" />
        <source>tenant meter</source>
        <translation>tenant meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="365" />
        <source>loss apportionment</source>
        <translation>loss apportionment</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="366" />
        <source>common-use apportionment</source>
        <translation>common-use apportionment</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="367" />
        <source>loss and common-use apportionment</source>
        <translation>loss and common-use apportionment</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="368" />
        <source>apportionment</source>
        <translation>apportionment</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="371" />
        <source>by area</source>
        <translation>by area</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="372" />
        <source>by kWh</source>
        <translation>by kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="375" />
        <source>deducted</source>
        <translation>deducted</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="376" />
        <source>billed</source>
        <translation>billed</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="378" />
        <source>fee</source>
        <translation>fee</translation>
    </message>
</context>
<context>
    <name>BillingEditor</name>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="93" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="103" />
        <source>no end date</source>
        <translation>no end date</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="135" />
        <source>In force from</source>
        <translation>In force from</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="139" />
        <source>In force until</source>
        <translation>In force until</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="145" />
        <source>A billing run has used this item: only its end date may change. For new rules, end it and add a new item.</source>
        <translation>A billing run has used this item: only its end date may change. For new rules, end it and add a new item.</translation>
    </message>
</context>
<context>
    <name>BillingWindow</name>
    <message>
        <location filename="../../app/ui/billing.py" line="281" />
        <source>Billing</source>
        <translation>Billing</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="289" />
        <source>Schemes and fee items</source>
        <translation>Schemes and fee items</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="290" />
        <source>Period runs</source>
        <translation>Period runs</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="291" />
        <source>Open bills</source>
        <translation>Open bills</translation>
    </message>
</context>
<context>
    <name>BillsPage</name>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="78" />
        <source>Your role (%1) may not cancel bills: only an administrator. Bills are paid at the cashier counter.</source>
        <translation>Your role (%1) may not cancel bills: only an administrator. Bills are paid at the cashier counter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="81" />
        <source>Open bills only</source>
        <translation>Open bills only</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="84" />
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="86" />
        <source>Cancel bill…</source>
        <translation>Cancel bill…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="89" />
        <source>Export arrears…</source>
        <translation>Export arrears…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="107" />
        <source>Bill No.</source>
        <translation>Bill No.</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="108" />
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="109" />
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="110" />
        <source>Building</source>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="111" />
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="112" />
        <source>Due date</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="113" />
        <source>Days overdue</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="114" />
        <source>Amount (yuan)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="115" />
        <source>Paid (yuan)</source>
        <translation>Paid (yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="116" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="183" />
        <source>%1 bills, %2 yuan still owed</source>
        <translation>%1 bills, %2 yuan still owed</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="193" />
        <source>Cancel bill</source>
        <translation>Cancel bill</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="194" />
        <source>Why is bill %1 cancelled? (required)</source>
        <translation>Why is bill %1 cancelled? (required)</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="209" />
        <source>Bill %1 was cancelled.</source>
        <translation>Bill %1 was cancelled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="222" />
        <source>Export the arrears</source>
        <translation>Export the arrears</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="234" />
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
</context>
<context>
    <name>BusStatus</name>
    <message>
        <location filename="../../app/ui/bus_status.py" line="136" />
        <source>Buses %1/%2 · meters %3/%4 online</source>
        <translation>Buses %1/%2 · meters %3/%4 online</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/bus_status.py" line="102" />
        <location filename="../../app/ui/bus_status.py" line="117" />
        <source>%n offline</source>
        <translation><numerusform>%n offline</numerusform><numerusform>%n offline</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/bus_status.py" line="104" />
        <location filename="../../app/ui/bus_status.py" line="119" />
        <source>%n with errors</source>
        <translation><numerusform>%n with errors</numerusform><numerusform>%n with errors</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="125" />
        <source>No bus configured</source>
        <translation>No bus configured</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="126" />
        <source>Pending recharges: %1</source>
        <translation>Pending recharges: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="140" />
        <source>Buses run by %1 · meters %3/%4 online</source>
        <translation>Buses run by %1 · meters %3/%4 online</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="145" />
        <source>Buses not polled · meters %3/%4 online</source>
        <translation>Buses not polled · meters %3/%4 online</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="154" />
        <source>Collector: none running</source>
        <translation>Collector: none running</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="157" />
        <source>this desk</source>
        <translation>this desk</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="162" />
        <source>Collector: %1, no heartbeat since %2</source>
        <translation>Collector: %1, no heartbeat since %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="165" />
        <source>Collector: %1 since %2</source>
        <translation>Collector: %1 since %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/bus_status.py" line="168" />
        <source>%n standby</source>
        <translation><numerusform>%n standby</numerusform><numerusform>%n standby</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="172" />
        <source>Standby: %1 (process %2)</source>
        <translation>Standby: %1 (process %2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="179" />
        <source>Runs the buses: %1 (process %2)</source>
        <translation>Runs the buses: %1 (process %2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="183" />
        <source>No collector holds the buses</source>
        <translation>No collector holds the buses</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="271" />
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="272" />
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="275" />
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="277" />
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="282" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="283" />
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="284" />
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="285" />
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="286" />
        <location filename="../../app/ui/timecontrol.py" line="295" />
        <source>Timetable</source>
        <translation>Timetable</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="287" />
        <source>Holiday</source>
        <translation>Holiday</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="288" />
        <source>Meters</source>
        <translation>Meters</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="295" />
        <source>Room under guaranteed supply</source>
        <translation>Room under guaranteed supply</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="299" />
        <source>Held: guaranteed supply wins, these rooms are not cut</source>
        <translation>Held: guaranteed supply wins, these rooms are not cut</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="311" />
        <source>Whole park</source>
        <translation>Whole park</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="350" />
        <location filename="../../app/ui/timecontrol.py" line="360" />
        <source>holiday</source>
        <translation>holiday</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="358" />
        <source>no supply cut (holiday)</source>
        <translation>no supply cut (holiday)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="365" />
        <source>Holidays in these days: %1</source>
        <translation>Holidays in these days: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="367" />
        <source>No holiday in these days.</source>
        <translation>No holiday in these days.</translation>
    </message>
</context>
<context>
    <name>CashierWindow</name>
    <message>
        <location filename="../../app/ui/cashier.py" line="87" />
        <source>Cashier counter</source>
        <translation>Cashier counter</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="102" />
        <source>Room, tenant, pinyin initials, account or meter address</source>
        <translation>Room, tenant, pinyin initials, account or meter address</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="114" />
        <location filename="../../app/ui/cashier.py" line="578" />
        <source>No room chosen</source>
        <translation>No room chosen</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="138" />
        <source>F1 Cash</source>
        <translation>F1 Cash</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="139" />
        <source>F2 Bank card</source>
        <translation>F2 Bank card</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="140" />
        <source>F3 Transfer</source>
        <translation>F3 Transfer</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="141" />
        <source>F4 QR payment</source>
        <translation>F4 QR payment</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="152" />
        <source>Recharge (Enter)</source>
        <translation>Recharge (Enter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="155" />
        <source>Clear (Esc)</source>
        <translation>Clear (Esc)</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="161" />
        <source>Your role may not take money: ask a cashier.</source>
        <translation>Your role may not take money: ask a cashier.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="170" />
        <source>80 mm roll</source>
        <translation>80 mm roll</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="171" />
        <source>A5 sheet</source>
        <translation>A5 sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="172" />
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="174" />
        <source>Save PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="176" />
        <source>Reprint (copy)</source>
        <translation>Reprint (copy)</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="184" />
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="185" />
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="186" />
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="187" />
        <source>Age</source>
        <translation>Age</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="188" />
        <source>State / reason</source>
        <translation>State / reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="197" />
        <source>Close shift…</source>
        <translation>Close shift…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="204" />
        <source>Recharges waiting for their meter</source>
        <translation>Recharges waiting for their meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="280" />
        <location filename="../../app/ui/cashier.py" line="306" />
        <location filename="../../app/ui/cashier.py" line="382" />
        <source>(vacant)</source>
        <translation>(vacant)</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="307" />
        <source>meter-side prepaid meter</source>
        <translation>meter-side prepaid meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="307" />
        <source>platform account</source>
        <translation>platform account</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="309" />
        <source>Balance: loading…</source>
        <translation>Balance: loading…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="327" />
        <source>Balance: %1</source>
        <translation>Balance: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="330" />
        <source>was %1</source>
        <translation>was %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="333" />
        <source>%1 on its way to the meter</source>
        <translation>%1 on its way to the meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="347" />
        <source>After this recharge: %1</source>
        <translation>After this recharge: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="357" />
        <source>Confirm recharge</source>
        <translation>Confirm recharge</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="370" />
        <source>Choose a room first.</source>
        <translation>Choose a room first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="375" />
        <source>Type the amount.</source>
        <translation>Type the amount.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="378" />
        <source>Recharge %1 by %2 to room %3, tenant %4?</source>
        <translation>Recharge %1 by %2 to room %3, tenant %4?</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="393" />
        <source>Recording the recharge…</source>
        <translation>Recording the recharge…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="404" />
        <source>Receipt %1 issued.</source>
        <translation>Receipt %1 issued.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="431" />
        <source>Service phone: %1</source>
        <translation>Service phone: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="457" />
        <source>Waiting for the meter…</source>
        <translation>Waiting for the meter…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="458" />
        <source>Writing to the meter…</source>
        <translation>Writing to the meter…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="459" />
        <source>Confirmed by the meter.</source>
        <translation>Confirmed by the meter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="460" />
        <source>Not applied: %1</source>
        <translation>Not applied: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="505" />
        <source>The last recharge (%1) was not recorded before the program stopped. If the money was taken, confirm it again.</source>
        <translation>The last recharge (%1) was not recorded before the program stopped. If the money was taken, confirm it again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="515" />
        <source>Recovered receipt %1 of the recharge interrupted by a restart.</source>
        <translation>Recovered receipt %1 of the recharge interrupted by a restart.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="529" />
        <source>Save receipt</source>
        <translation>Save receipt</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="534" />
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="561" />
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
</context>
<context>
    <name>ChannelsTab</name>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="71" />
        <source>Send SMS through a GSM modem (短信猫) on this port</source>
        <translation>Send SMS through a GSM modem (短信猫) on this port</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="79" />
        <location filename="../../app/ui/settings_messages.py" line="110" />
        <location filename="../../app/ui/settings_messages.py" line="128" />
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="86" />
        <source>Ask for delivery reports (状态报告)</source>
        <translation>Ask for delivery reports (状态报告)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="89" />
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="90" />
        <source>Baud rate:</source>
        <translation>Baud rate:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="91" />
        <source>SIM PIN:</source>
        <translation>SIM PIN:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="95" />
        <source>Send e-mail through this mail server (SMTP)</source>
        <translation>Send e-mail through this mail server (SMTP)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="100" />
        <source>usual</source>
        <translation>usual</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="114" />
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="115" />
        <source>Security:</source>
        <translation>Security:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="116" />
        <source>User:</source>
        <translation>User:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="117" />
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="118" />
        <source>From:</source>
        <translation>From:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="121" />
        <source>Send SMS through an SMS platform (optional)</source>
        <translation>Send SMS through an SMS platform (optional)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="131" />
        <source>Address:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="132" />
        <source>App key:</source>
        <translation>App key:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="133" />
        <source>Secret:</source>
        <translation>Secret:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="135" />
        <source>signature (短信签名)</source>
        <translation>signature (短信签名)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="139" />
        <source>SMS (modem)</source>
        <translation>SMS (modem)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="140" />
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="141" />
        <source>SMS (platform)</source>
        <translation>SMS (platform)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="144" />
        <source>mobile or e-mail</source>
        <translation>mobile or e-mail</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="145" />
        <source>WattDesk test message: the messages work.</source>
        <translation>WattDesk test message: the messages work.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="147" />
        <location filename="../../app/ui/settings_messages.py" line="158" />
        <source>Send a test</source>
        <translation>Send a test</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="155" />
        <source>GSM modem (短信猫)</source>
        <translation>GSM modem (短信猫)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="156" />
        <source>E-mail (SMTP)</source>
        <translation>E-mail (SMTP)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="157" />
        <source>SMS platform (HTTP gateway)</source>
        <translation>SMS platform (HTTP gateway)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="208" />
        <location filename="../../app/ui/settings_messages.py" line="221" />
        <source>stored in the keyring: leave empty to keep it</source>
        <translation>stored in the keyring: leave empty to keep it</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="210" />
        <source>only if the SIM asks for one</source>
        <translation>only if the SIM asks for one</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="223" />
        <source>not stored yet</source>
        <translation>not stored yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="296" />
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="318" />
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="327" />
        <source>Sent (reference %1).</source>
        <translation>Sent (reference %1).</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <location filename="../../app/ui/charts.py" line="72" />
        <source>Power (W)</source>
        <translation>Power (W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/charts.py" line="80" />
        <source>interval average</source>
        <translation>interval average</translation>
    </message>
    <message>
        <location filename="../../app/ui/charts.py" line="89" />
        <source>live</source>
        <translation>live</translation>
    </message>
    <message>
        <location filename="../../app/ui/charts.py" line="146" />
        <source>Energy per day (kWh)</source>
        <translation>Energy per day (kWh)</translation>
    </message>
</context>
<context>
    <name>CloseAccountDialog</name>
    <message>
        <location filename="../../app/ui/account_close.py" line="41" />
        <source>Close account (销户)</source>
        <translation>Close account (销户)</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="42" />
        <source>Account %1 · %2 · rooms %3</source>
        <translation>Account %1 · %2 · rooms %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="50" />
        <source>Close and refund</source>
        <translation>Close and refund</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="54" />
        <source>Platform balance: %1</source>
        <translation>Platform balance: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="58" />
        <source>Meter #%1 (%2): final reading %3</source>
        <translation>Meter #%1 (%2): final reading %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="61" />
        <source>holds %1</source>
        <translation>holds %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="63" />
        <source>To refund: %1</source>
        <translation>To refund: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="71" />
        <source>Cancel and refund recharges still waiting for a meter</source>
        <translation>Cancel and refund recharges still waiting for a meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="73" />
        <source>Settlement:</source>
        <translation>Settlement:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="74" />
        <source>Paid out by:</source>
        <translation>Paid out by:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="81" />
        <source>Meters are settled as last read by the collector; a negative balance must be paid at the counter first.</source>
        <translation>Meters are settled as last read by the collector; a negative balance must be paid at the counter first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="88" />
        <source>Save slip as PDF…</source>
        <translation>Save slip as PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="107" />
        <source>Close account %1 and refund %2 by %3?</source>
        <translation>Close account %1 and refund %2 by %3?</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="120" />
        <source>Account closed; nothing to refund.</source>
        <translation>Account closed; nothing to refund.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="123" />
        <source>Account closed. Refund slip %1.</source>
        <translation>Account closed. Refund slip %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="140" />
        <source>Save slip</source>
        <translation>Save slip</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="146" />
        <source>Slip saved: %1</source>
        <translation>Slip saved: %1</translation>
    </message>
</context>
<context>
    <name>ContactsDialog</name>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="53" />
        <source>Message contacts (消息联系人)</source>
        <translation>Message contacts (消息联系人)</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="54" />
        <source>Account %1 · %2</source>
        <translation>Account %1 · %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="59" />
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="64" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="65" />
        <source>Mobile</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="66" />
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="67" />
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="68" />
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="69" />
        <source>E-mail on</source>
        <translation>E-mail on</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="70" />
        <source>Which messages</source>
        <translation>Which messages</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="78" />
        <source>Add contact</source>
        <translation>Add contact</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="90" />
        <source>Your role may not change tenants: the list is read-only.</source>
        <translation>Your role may not change tenants: the list is read-only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="97" />
        <source>SMS and e-mail go only to people ticked here. Mobile numbers are Chinese mobiles (11 digits, +86 allowed). “Which messages”: none ticked means every message for tenants.</source>
        <translation>SMS and e-mail go only to people ticked here. Mobile numbers are Chinese mobiles (11 digits, +86 allowed). “Which messages”: none ticked means every message for tenants.</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="151" />
        <source>All messages</source>
        <translation>All messages</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="180" />
        <source>Save the message settings of %1 contact(s)?</source>
        <translation>Save the message settings of %1 contact(s)?</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="187" />
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../app/ui/crash_dialog.py" line="43" />
        <source>WattDesk — unexpected error</source>
        <translation>WattDesk — unexpected error</translation>
    </message>
    <message>
        <location filename="../../app/ui/crash_dialog.py" line="53" />
        <source>Something went wrong inside WattDesk. The program keeps running, but the action you were doing may not have finished: check it before trying again.</source>
        <translation>Something went wrong inside WattDesk. The program keeps running, but the action you were doing may not have finished: check it before trying again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/crash_dialog.py" line="74" />
        <source>The details are written to the log folder %1. To report the problem, send the files of that folder, or press "Copy details" and paste them into your message.</source>
        <translation>The details are written to the log folder %1. To report the problem, send the files of that folder, or press "Copy details" and paste them into your message.</translation>
    </message>
    <message>
        <location filename="../../app/ui/crash_dialog.py" line="83" />
        <source>Copy details</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <location filename="../../app/ui/crash_dialog.py" line="87" />
        <source>Open log folder</source>
        <translation>Open log folder</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/crash_dialog.py" line="117" />
        <source>%n more error(s) happened since (all are in the log).</source>
        <translation><numerusform>%n more error happened since (all are in the log).</numerusform><numerusform>%n more errors happened since (all are in the log).</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/crash_dialog.py" line="125" />
        <source>%1 (in the background task %2)</source>
        <translation>%1 (in the background task %2)</translation>
    </message>
</context>
<context>
    <name>CutRulesPage</name>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="44" />
        <source>No-cut rules and guaranteed supply</source>
        <translation>No-cut rules and guaranteed supply</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="46" />
        <source>No automatic cut between</source>
        <translation>No automatic cut between</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="55" />
        <source>No automatic cut on Saturdays and Sundays</source>
        <translation>No automatic cut on Saturdays and Sundays</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="64" />
        <source>and</source>
        <translation>and</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="70" />
        <source>No automatic cut on these days (holidays):</source>
        <translation>No automatic cut on these days (holidays):</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="71" />
        <source>Guaranteed supply (保电) for the whole building:</source>
        <translation>Guaranteed supply (保电) for the whole building:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="75" />
        <source>These rules only hold back the automatic cut of platform-side meters at the cut-off line; an operator can still cut by hand, and meter-side meters trip by themselves. A held-back cut is listed once per meter in the alarms. Changes apply at the collector's next sweep, without a restart.</source>
        <translation>These rules only hold back the automatic cut of platform-side meters at the cut-off line; an operator can still cut by hand, and meter-side meters trip by themselves. A held-back cut is listed once per meter in the alarms. Changes apply at the collector's next sweep, without a restart.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="84" />
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="100" />
        <source>change when power may be cut</source>
        <translation>change when power may be cut</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="156" />
        <source>Saved. The collector applies these rules at its next sweep.</source>
        <translation>Saved. The collector applies these rules at its next sweep.</translation>
    </message>
</context>
<context>
    <name>DefinitionsPage</name>
    <message>
        <location filename="../../app/ui/billing.py" line="84" />
        <source>Your role (%1) may not change schemes or fee items: only an administrator.</source>
        <translation>Your role (%1) may not change schemes or fee items: only an administrator.</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="89" />
        <source>Scheme</source>
        <translation>Scheme</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="90" />
        <source>Energy shared</source>
        <translation>Energy shared</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="91" />
        <source>Shared</source>
        <translation>Shared</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="92" />
        <source>Buildings</source>
        <translation>Buildings</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="93" />
        <source>Cap %</source>
        <translation>Cap %</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="94" />
        <location filename="../../app/ui/billing.py" line="110" />
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="95" />
        <location filename="../../app/ui/billing.py" line="111" />
        <source>Until</source>
        <translation>Until</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="96" />
        <location filename="../../app/ui/billing.py" line="112" />
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="104" />
        <source>Fee item</source>
        <translation>Fee item</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="105" />
        <source>Charged</source>
        <translation>Charged</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="106" />
        <source>Amount (yuan)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="107" />
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="108" />
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="109" />
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="119" />
        <source>Apportionment schemes</source>
        <translation>Apportionment schemes</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="120" />
        <source>Fee items</source>
        <translation>Fee items</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="131" />
        <source>Add…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="132" />
        <source>Edit…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="133" />
        <location filename="../../app/ui/billing.py" line="246" />
        <source>Deactivate</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="176" />
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="176" />
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="185" />
        <location filename="../../app/ui/billing.py" line="208" />
        <source>whole park</source>
        <translation>whole park</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="243" />
        <source>Deactivate %1? Later runs leave it out; posted runs stay as they are. It cannot be activated again.</source>
        <translation>Deactivate %1? Later runs leave it out; posted runs stay as they are. It cannot be activated again.</translation>
    </message>
</context>
<context>
    <name>DeskStandby</name>
    <message>
        <location filename="../../app/ui/desk_standby.py" line="62" />
        <source>Take over when it stops</source>
        <translation>Take over when it stops</translation>
    </message>
    <message>
        <location filename="../../app/ui/desk_standby.py" line="65" />
        <source>When the desk that runs the buses stops, this desk starts its collector. Only for a desk that can reach the buses (the RS-485 adapters or gateways).</source>
        <translation>When the desk that runs the buses stops, this desk starts its collector. Only for a desk that can reach the buses (the RS-485 adapters or gateways).</translation>
    </message>
</context>
<context>
    <name>DiagnosticsWindow</name>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="69" />
        <source>Bus diagnostics</source>
        <translation>Bus diagnostics</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="87" />
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="88" />
        <source>Port / URL</source>
        <translation>Port / URL</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="89" />
        <source>Protocol</source>
        <translation>Protocol</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="90" />
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="91" />
        <source>Polls/s</source>
        <translation>Polls/s</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="92" />
        <source>Errors</source>
        <translation>Errors</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="93" />
        <location filename="../../app/ui/labels.py" line="128" />
        <source>Timeout</source>
        <translation>Timeout</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="94" />
        <location filename="../../app/ui/labels.py" line="129" />
        <source>CRC</source>
        <translation>CRC</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="95" />
        <location filename="../../app/ui/labels.py" line="130" />
        <source>Frame</source>
        <translation>Frame</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="96" />
        <location filename="../../app/ui/labels.py" line="131" />
        <source>Exception</source>
        <translation>Exception</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="97" />
        <location filename="../../app/ui/labels.py" line="133" />
        <source>Port down</source>
        <translation>Port down</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="98" />
        <source>Last error</source>
        <translation>Last error</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="103" />
        <source>Failed transactions since the collector started; without a collector in this window: meters with misses or an error</source>
        <translation>Failed transactions since the collector started; without a collector in this window: meters with misses or an error</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="106" />
        <source>No reply in time: a dead meter, a wrong address or a broken wire</source>
        <translation>No reply in time: a dead meter, a wrong address or a broken wire</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="107" />
        <source>Damaged replies (CRC/checksum): wiring, termination, baud rate</source>
        <translation>Damaged replies (CRC/checksum): wiring, termination, baud rate</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="108" />
        <source>Malformed or unexpected frames: noise or a second master on the bus</source>
        <translation>Malformed or unexpected frames: noise or a second master on the bus</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="109" />
        <source>Exception replies: the meter does not know what the profile asks</source>
        <translation>Exception replies: the meter does not know what the profile asks</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="110" />
        <source>The port or gateway failed: USB adapter, cable, network</source>
        <translation>The port or gateway failed: USB adapter, cable, network</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="125" />
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="128" />
        <source>Filter: address, hex bytes or text</source>
        <translation>Filter: address, hex bytes or text</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="130" />
        <source>Export CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="133" />
        <source>Meter address</source>
        <translation>Meter address</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="135" />
        <source>Read this meter now</source>
        <translation>Read this meter now</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="152" />
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="153" />
        <source>Dir</source>
        <translation>Dir</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="154" />
        <source>Frame (hex)</source>
        <translation>Frame (hex)</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="155" />
        <source>Decoded</source>
        <translation>Decoded</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="156" />
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="181" />
        <source>Frame trace</source>
        <translation>Frame trace</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="182" />
        <source>Bus scan</source>
        <translation>Bus scan</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="200" />
        <source>The collector does not run in this window: the frame trace is shown on the workstation that owns the serial ports.</source>
        <translation>The collector does not run in this window: the frame trace is shown on the workstation that owns the serial ports.</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="132" />
        <source>Refused by the meter</source>
        <translation>Refused by the meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="134" />
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="381" />
        <source>Export frame trace</source>
        <translation>Export frame trace</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="381" />
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="390" />
        <source>Trace saved: %1</source>
        <translation>Trace saved: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="406" />
        <source>Choose a link of this workstation and type a meter address.</source>
        <translation>Choose a link of this workstation and type a meter address.</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="413" />
        <source>Meter %1 will be read at the bus's next turn.</source>
        <translation>Meter %1 will be read at the bus's next turn.</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="416" />
        <source>No meter %1 on this link.</source>
        <translation>No meter %1 on this link.</translation>
    </message>
</context>
<context>
    <name>Events</name>
    <message>
        <location filename="../../app/ui/event_labels.py" line="44" />
        <source>bus worker stopped: %1</source>
        <translation>bus worker stopped: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_labels.py" line="46" />
        <source>bus worker stopped: %1; restarting in %2 s</source>
        <translation>bus worker stopped: %1; restarting in %2 s</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_labels.py" line="56" />
        <source>up</source>
        <translation>up</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_labels.py" line="63" />
        <source>bus worker restarted after: %1</source>
        <translation>bus worker restarted after: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_labels.py" line="66" />
        <source>down: %1</source>
        <translation>down: %1</translation>
    </message>
</context>
<context>
    <name>FeeEditor</name>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="417" />
        <source>Fee item</source>
        <translation>Fee item</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="420" />
        <source>Charged</source>
        <translation>Charged</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="422" />
        <source>yuan, for example 3.50</source>
        <translation>yuan, for example 3.50</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="423" />
        <source>Amount (yuan)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="425" />
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="426" />
        <source>Buildings or floors</source>
        <translation>Buildings or floors</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="428" />
        <source>account numbers, for example E0100001 E0100002</source>
        <translation>account numbers, for example E0100001 E0100002</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="429" />
        <source>Accounts</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="432" />
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="436" />
        <source>Day of the period</source>
        <translation>Day of the period</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="438" />
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="442" />
        <source>Bill due after (days)</source>
        <translation>Bill due after (days)</translation>
    </message>
</context>
<context>
    <name>FeeForm</name>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="166" />
        <source>e.g. 垃圾费 or 物业费</source>
        <translation>e.g. 垃圾费 or 物业费</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="169" />
        <source>yuan per room</source>
        <translation>yuan per room</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="173" />
        <source>Fee item:</source>
        <translation>Fee item:</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="174" />
        <source>Amount per room:</source>
        <translation>Amount per room:</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="175" />
        <source>Or an amount per room from a sheet:</source>
        <translation>Or an amount per room from a sheet:</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <location filename="../../app/ui/labels.py" line="751" />
        <source>Account closed</source>
        <translation>Account closed</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="752" />
        <source>Tariff changed</source>
        <translation>Tariff changed</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="753" />
        <source>Meter replaced</source>
        <translation>Meter replaced</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="754" />
        <source>Recharged twice</source>
        <translation>Recharged twice</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="755" />
        <source>Not carried</source>
        <translation>Not carried</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="780" />
        <source>Package %1 written to %2 (%3): %4; %5 rooms, %6 meters, %7 operators. Field receipts are numbered %800000001 and up.</source>
        <translation>Package %1 written to %2 (%3): %4; %5 rooms, %6 meters, %7 operators. Field receipts are numbered %800000001 and up.</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="795" />
        <source>The laptop's keystore: %1.</source>
        <translation>The laptop's keystore: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="801" />
        <source>Next: copy the file to the laptop, start WattDesk there with it as its database, work on site, then bring the file back here and merge it.</source>
        <translation>Next: copy the file to the laptop, start WattDesk there with it as its database, work on site, then bring the file back here and merge it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="813" />
        <source>Package %1 merged: %2 recharge(s) (%3) posted with office receipts; %4 reading(s), %5 event(s) and note(s), %6 audit row(s) added.</source>
        <translation>Package %1 merged: %2 recharge(s) (%3) posted with office receipts; %4 reading(s), %5 event(s) and note(s), %6 audit row(s) added.</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="832" />
        <source>Package %1 checked: exported from this office on %2 by %3 (%4); signature, audit chain and money records verify. It brings %5 recharge(s) (%6), %7 reading(s), %8 event(s) and note(s), %9 audit row(s).</source>
        <translation>Package %1 checked: exported from this office on %2 by %3 (%4); signature, audit chain and money records verify. It brings %5 recharge(s) (%6), %7 reading(s), %8 event(s) and note(s), %9 audit row(s).</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="852" />
        <source>%1 conflict(s), listed below with the proposed resolution: nothing is applied until you accept.</source>
        <translation>%1 conflict(s), listed below with the proposed resolution: nothing is applied until you accept.</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="861" />
        <source>No conflict: nothing is applied until you accept.</source>
        <translation>No conflict: nothing is applied until you accept.</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="868" />
        <source>Field package %1 — buildings %2, exported %3 by %4; receipts %5…; bring it back to the office to merge</source>
        <translation>Field package %1 — buildings %2, exported %3 by %4; receipts %5…; bring it back to the office to merge</translation>
    </message>
</context>
<context>
    <name>FieldPackageDialog</name>
    <message>
        <location filename="../../app/ui/field_package.py" line="84" />
        <source>Field package</source>
        <translation>Field package</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="87" />
        <source>Export for the laptop</source>
        <translation>Export for the laptop</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="88" />
        <source>Merge a package back</source>
        <translation>Merge a package back</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="93" />
        <source>Only an administrator exports or merges packages.</source>
        <translation>Only an administrator exports or merges packages.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/field_package.py" line="102" />
        <source>%1 (%n room(s))</source>
        <translation><numerusform>%1 (%n room)</numerusform><numerusform>%1 (%n rooms)</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="107" />
        <source>Buildings</source>
        <translation>Buildings</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="110" />
        <source>the package file to carry to the laptop</source>
        <translation>the package file to carry to the laptop</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="112" />
        <location filename="../../app/ui/field_package.py" line="152" />
        <location filename="../../app/ui/field_package.py" line="220" />
        <location filename="../../app/ui/field_package.py" line="255" />
        <source>Package file</source>
        <translation>Package file</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="113" />
        <location filename="../../app/ui/field_package.py" line="134" />
        <location filename="../../app/ui/field_package.py" line="221" />
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="118" />
        <source>logins allowed on site, separated by commas (empty: every operator)</source>
        <translation>logins allowed on site, separated by commas (empty: every operator)</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="120" />
        <source>Operators on site</source>
        <translation>Operators on site</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="121" />
        <source>Also write a keystore file for the laptop</source>
        <translation>Also write a keystore file for the laptop</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="133" />
        <location filename="../../app/ui/field_package.py" line="158" />
        <source>Keystore file</source>
        <translation>Keystore file</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="136" />
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="137" />
        <source>Repeat the passphrase</source>
        <translation>Repeat the passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="141" />
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="152" />
        <source>Field package (*.sqlite)</source>
        <translation>Field package (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="176" />
        <source>Tick at least one building and name the package file.</source>
        <translation>Tick at least one building and name the package file.</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="182" />
        <source>Name the keystore file and give its passphrase.</source>
        <translation>Name the keystore file and give its passphrase.</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="185" />
        <source>The two passphrases differ; nothing was exported.</source>
        <translation>The two passphrases differ; nothing was exported.</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="189" />
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="224" />
        <source>Check the package</source>
        <translation>Check the package</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="234" />
        <source>Conflict</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="234" />
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="234" />
        <source>Proposed resolution</source>
        <translation>Proposed resolution</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="243" />
        <location filename="../../app/ui/field_package.py" line="313" />
        <source>Accept and merge</source>
        <translation>Accept and merge</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="255" />
        <source>Field package (*.sqlite);;All files (*)</source>
        <translation>Field package (*.sqlite);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="265" />
        <source>Choose the package file first.</source>
        <translation>Choose the package file first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="271" />
        <source>Checking the package…</source>
        <translation>Checking the package…</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="290" />
        <source>Package %1 is already merged (%2 by %3): nothing changes.</source>
        <translation>Package %1 is already merged (%2 by %3): nothing changes.</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="322" />
        <source>Merge package %1 into the office?</source>
        <translation>Merge package %1 into the office?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/field_package.py" line="326" />
        <source>Its %n conflict(s) are resolved as proposed.</source>
        <translation><numerusform>Its %n conflict are resolved as proposed.</numerusform><numerusform>Its %n conflicts are resolved as proposed.</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="330" />
        <source>Merging…</source>
        <translation>Merging…</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="336" />
        <source>Another desk merged this package meanwhile.</source>
        <translation>Another desk merged this package meanwhile.</translation>
    </message>
</context>
<context>
    <name>FieldPortsDialog</name>
    <message>
        <location filename="../../app/ui/field_ports.py" line="45" />
        <source>Bus ports of this laptop</source>
        <translation>Bus ports of this laptop</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="50" />
        <source>Tick the buses plugged into this laptop and give each its adapter's port (e.g. /dev/ttyUSB0 or COM4). The other buses are switched off on the laptop.</source>
        <translation>Tick the buses plugged into this laptop and give each its adapter's port (e.g. /dev/ttyUSB0 or COM4). The other buses are switched off on the laptop.</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="59" />
        <source>Bus</source>
        <translation>Bus</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="59" />
        <source>Meters</source>
        <translation>Meters</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="59" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="66" />
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="72" />
        <source>Your role may not change the buses.</source>
        <translation>Your role may not change the buses.</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="112" />
        <source>Tick at least one bus and give each ticked bus a port.</source>
        <translation>Tick at least one bus and give each ticked bus a port.</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="123" />
        <source>Saved: %1. The other buses are off on this laptop.</source>
        <translation>Saved: %1. The other buses are off on this laptop.</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="108" />
        <source>WattDesk — first administrator</source>
        <translation>WattDesk — first administrator</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="111" />
        <source>This database has no operator yet. Create the first administrator: there is no built-in account or default password.</source>
        <translation>This database has no operator yet. Create the first administrator: there is no built-in account or default password.</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="115" />
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="116" />
        <source>Full name</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="117" />
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="118" />
        <source>Repeat password</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="123" />
        <source>The two passwords differ.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>FirstStartPanel</name>
    <message>
        <location filename="../../app/ui/first_start.py" line="85" />
        <source>Welcome to WattDesk</source>
        <translation>Welcome to WattDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="88" />
        <source>The database has no park yet. Start with your own site or with the demo.</source>
        <translation>The database has no park yet. Start with your own site or with the demo.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="92" />
        <source>Import a site sheet…</source>
        <translation>Import a site sheet…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="95" />
        <source>Buildings, floors, rooms, tenants and meters from a .csv or .xlsx file. You see every row, and every error, before anything is written.</source>
        <translation>Buildings, floors, rooms, tenants and meters from a .csv or .xlsx file. You see every row, and every error, before anything is written.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="98" />
        <source>Create the demo park</source>
        <translation>Create the demo park</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="101" />
        <source>A sample industrial park (offices, a student dormitory, a shopping street) on simulated meters: live readings start at once. Good for trying WattDesk out.</source>
        <translation>A sample industrial park (offices, a student dormitory, a shopping street) on simulated meters: live readings start at once. Good for trying WattDesk out.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="108" />
        <source>Rooms: </source>
        <translation>Rooms: </translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="109" />
        <source>Rooms in the demo park</source>
        <translation>Rooms in the demo park</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="112" />
        <source>The command line does the same:&lt;br&gt;&lt;code&gt;wattdesk site import FILE&lt;/code&gt; (add &lt;code&gt;--dry-run&lt;/code&gt; to check only)&lt;br&gt;&lt;code&gt;wattdesk init --demo --rooms N&lt;/code&gt;</source>
        <translation>The command line does the same:&lt;br&gt;&lt;code&gt;wattdesk site import FILE&lt;/code&gt; (add &lt;code&gt;--dry-run&lt;/code&gt; to check only)&lt;br&gt;&lt;code&gt;wattdesk init --demo --rooms N&lt;/code&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="182" />
        <source>Your role may not change the site: ask an administrator to set it up.</source>
        <translation>Your role may not change the site: ask an administrator to set it up.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="186" />
        <source>Only an administrator creates the demo park (it holds opening balances).</source>
        <translation>Only an administrator creates the demo park (it holds opening balances).</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="203" />
        <location filename="../../app/ui/first_start.py" line="225" />
        <source>Import a site sheet</source>
        <translation>Import a site sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="205" />
        <source>Site sheets (*.csv *.xlsx *.xlsm);;All files (*)</source>
        <translation>Site sheets (*.csv *.xlsx *.xlsm);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="213" />
        <source>Checking %1…</source>
        <translation>Checking %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="239" />
        <source>Importing %1…</source>
        <translation>Importing %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="256" />
        <source>WattDesk</source>
        <translation>WattDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="268" />
        <source>Creating the demo park…</source>
        <translation>Creating the demo park…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="270" />
        <source>Creating the demo park with %1 rooms…</source>
        <translation>Creating the demo park with %1 rooms…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="271" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="276" />
        <source>Demo park</source>
        <translation>Demo park</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="315" />
        <source>Cancelled: the demo park was not created, nothing was written.</source>
        <translation>Cancelled: the demo park was not created, nothing was written.</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../app/ui/about.py" line="111" />
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="112" />
        <source>About WattDesk…</source>
        <translation>About WattDesk…</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="384" />
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="387" />
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="390" />
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="390" />
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="390" />
        <source>Timetable</source>
        <translation>Timetable</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="390" />
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="378" />
        <source>All platforms</source>
        <translation>All platforms</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="382" />
        <source>Bills and relay</source>
        <translation>Bills and relay</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="388" />
        <source>Transaction, account, receipt, payer or remark</source>
        <translation>Transaction, account, receipt, payer or remark</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="398" />
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="399" />
        <source>Platform</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="400" />
        <source>Transaction</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="401" />
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="402" />
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="403" />
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="404" />
        <source>Came by</source>
        <translation>Came by</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="405" />
        <source>Payer</source>
        <translation>Payer</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="406" />
        <source>Remark</source>
        <translation>Remark</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="426" />
        <source>Paid from</source>
        <translation>Paid from</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="487" />
        <source>%1 payments, %2 yuan.</source>
        <translation>%1 payments, %2 yuan.</translation>
    </message>
</context>
<context>
    <name>HolidaysEditor</name>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="322" />
        <source>Holiday dates of %1</source>
        <translation>Holiday dates of %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="324" />
        <source>YYYY-MM-DD, separated by commas</source>
        <translation>YYYY-MM-DD, separated by commas</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="334" />
        <location filename="../../app/ui/timecontrol_editor.py" line="344" />
        <source>Holiday dates</source>
        <translation>Holiday dates</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <location filename="../../app/ui/labels.py" line="199" />
        <source>park</source>
        <translation>park</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="200" />
        <source>building</source>
        <translation>building</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="201" />
        <source>floor</source>
        <translation>floor</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="202" />
        <source>room</source>
        <translation>room</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="203" />
        <source>area</source>
        <translation>area</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="204" />
        <source>tenant</source>
        <translation>tenant</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="205" />
        <source>tenant kind</source>
        <translation>tenant kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="206" />
        <source>meter address</source>
        <translation>meter address</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="207" />
        <source>link</source>
        <translation>link</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="208" />
        <source>meter profile</source>
        <translation>meter profile</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="209" />
        <source>billing mode</source>
        <translation>billing mode</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="210" />
        <source>meter role</source>
        <translation>meter role</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="381" />
        <source>Import a site sheet — preview</source>
        <translation>Import a site sheet — preview</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="400" />
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="423" />
        <source>Rows in the sheet: %1. To create: %2, to update: %3, unchanged: %4. Nothing is written yet.</source>
        <translation>Rows in the sheet: %1. To create: %2, to update: %3, unchanged: %4. Nothing is written yet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="431" />
        <source>new</source>
        <translation>new</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="431" />
        <source>changed</source>
        <translation>changed</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="449" />
        <location filename="../../app/ui/first_start.py" line="478" />
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="450" />
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="451" />
        <source>Park</source>
        <translation>Park</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="452" />
        <source>Building</source>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="453" />
        <source>Floor</source>
        <translation>Floor</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="454" />
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="455" />
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="456" />
        <source>Meter</source>
        <translation>Meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="457" />
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="458" />
        <source>Profile</source>
        <translation>Profile</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="460" />
        <source>Rows to create or update (%1)</source>
        <translation>Rows to create or update (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="469" />
        <source>Errors: %1. Nothing can be imported: correct the sheet and choose it again. Nothing was written.</source>
        <translation>Errors: %1. Nothing can be imported: correct the sheet and choose it again. Nothing was written.</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="478" />
        <source>Column</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="478" />
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="479" />
        <source>Errors in the sheet</source>
        <translation>Errors in the sheet</translation>
    </message>
</context>
<context>
    <name>ImportTab</name>
    <message>
        <location filename="../../app/ui/payments.py" line="107" />
        <source>No bill chosen</source>
        <translation>No bill chosen</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="108" />
        <source>Choose bill file…</source>
        <translation>Choose bill file…</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="111" />
        <source>Detect from the file</source>
        <translation>Detect from the file</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="117" />
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="118" />
        <source>Transaction</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="119" />
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="120" />
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="121" />
        <source>Payer</source>
        <translation>Payer</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="122" />
        <source>Remark</source>
        <translation>Remark</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="123" />
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="124" />
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="125" />
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="126" />
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="135" />
        <source>Credit payments</source>
        <translation>Credit payments</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="139" />
        <source>Bill:</source>
        <translation>Bill:</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="142" />
        <source>Platform:</source>
        <translation>Platform:</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="157" />
        <source>Choose a WeChat Pay or Alipay bill</source>
        <translation>Choose a WeChat Pay or Alipay bill</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="159" />
        <source>Bills (*.csv *.txt);;All files (*)</source>
        <translation>Bills (*.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="230" />
        <source>Working…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="270" />
        <source>account number in the remark</source>
        <translation>account number in the remark</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="271" />
        <source>room in the remark</source>
        <translation>room in the remark</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="272" />
        <source>payer seen before</source>
        <translation>payer seen before</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="279" />
        <source>%1 bill (%2), %3 lines.</source>
        <translation>%1 bill (%2), %3 lines.</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="283" />
        <source>detected from the file</source>
        <translation>detected from the file</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="283" />
        <source>chosen</source>
        <translation>chosen</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="287" />
        <source>Will be credited</source>
        <translation>Will be credited</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="287" />
        <source>Credited</source>
        <translation>Credited</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="289" />
        <source>%1: %2 (%3 yuan); already credited: %4; unmatched: %5; refunds: %6.</source>
        <translation>%1: %2 (%3 yuan); already credited: %4; unmatched: %5; refunds: %6.</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="302" />
        <source>Skipped lines: %1</source>
        <translation>Skipped lines: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="304" />
        <source>Nothing was changed yet.</source>
        <translation>Nothing was changed yet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="311" />
        <source>Credit %1 payments</source>
        <translation>Credit %1 payments</translation>
    </message>
</context>
<context>
    <name>KeystoreDialog</name>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="37" />
        <source>WattDesk — keystore</source>
        <translation>WattDesk — keystore</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="52" />
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="53" />
        <source>Repeat passphrase</source>
        <translation>Repeat passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="72" />
        <source>WattDesk keeps its secrets in an encrypted keystore file on this computer. Type its passphrase to unlock it:</source>
        <translation>WattDesk keeps its secrets in an encrypted keystore file on this computer. Type its passphrase to unlock it:</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="76" />
        <source>This computer has no system keyring (such as GNOME Keyring or KWallet). WattDesk will keep its secrets, the key that protects the audit log and the passwords for e-mail and the database, in an encrypted file instead:</source>
        <translation>This computer has no system keyring (such as GNOME Keyring or KWallet). WattDesk will keep its secrets, the key that protects the audit log and the passwords for e-mail and the database, in an encrypted file instead:</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="83" />
        <source>Choose a passphrase of at least %1 characters; it is asked at each start. It cannot be recovered: if it is forgotten, the secrets are lost and this database can no longer record changes. Write it down and keep it safe.</source>
        <translation>Choose a passphrase of at least %1 characters; it is asked at each start. It cannot be recovered: if it is forgotten, the secrets are lost and this database can no longer record changes. Write it down and keep it safe.</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="98" />
        <source>The two passphrases differ.</source>
        <translation>The two passphrases differ.</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="102" />
        <source>The passphrase must have at least %1 characters.</source>
        <translation>The passphrase must have at least %1 characters.</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="134" />
        <source>Wrong keystore passphrase. Try again.</source>
        <translation>Wrong keystore passphrase. Try again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="140" />
        <source>Unexpected error: %1</source>
        <translation>Unexpected error: %1</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location filename="../../app/ui/settings.py" line="113" />
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="123" />
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="131" />
        <source>The open windows keep their language; WattDesk starts in the chosen language next time. This is a choice of this workstation only.</source>
        <translation>The open windows keep their language; WattDesk starts in the chosen language next time. This is a choice of this workstation only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="141" />
        <source>WATTDESK_LANG is set on this computer (%1): it wins over this choice.</source>
        <translation>WATTDESK_LANG is set on this computer (%1): it wins over this choice.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="156" />
        <source>Saved: WattDesk will start in %1 next time.</source>
        <translation>Saved: WattDesk will start in %1 next time.</translation>
    </message>
</context>
<context>
    <name>LearningTab</name>
    <message>
        <location filename="../../app/ui/settings_load.py" line="378" />
        <source>name, e.g. 台式电脑</source>
        <translation>name, e.g. 台式电脑</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="379" />
        <source>Start learning</source>
        <translation>Start learning</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="383" />
        <source>Switch everything else in the room off, start learning, then switch the appliance on within 30 minutes: its step is whitelisted for the room under this name and the room is judged again.</source>
        <translation>Switch everything else in the room off, start learning, then switch the appliance on within 30 minutes: its step is whitelisted for the room under this name and the room is judged again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="396" />
        <location filename="../../app/ui/settings_load.py" line="400" />
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="396" />
        <location filename="../../app/ui/settings_load.py" line="400" />
        <source>Appliance</source>
        <translation>Appliance</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="396" />
        <source>Started by</source>
        <translation>Started by</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="396" />
        <source>Waits until</source>
        <translation>Waits until</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="400" />
        <source>ΔP (W)</source>
        <translation>ΔP (W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="400" />
        <source>PF</source>
        <translation>PF</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="401" />
        <source>Learned</source>
        <translation>Learned</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="407" />
        <source>Waiting for a switch-on:</source>
        <translation>Waiting for a switch-on:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="409" />
        <source>Learned:</source>
        <translation>Learned:</translation>
    </message>
</context>
<context>
    <name>LibraryTab</name>
    <message>
        <location filename="../../app/ui/settings_load.py" line="246" />
        <source>Appliance</source>
        <translation>Appliance</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="246" />
        <source>Default</source>
        <translation>Default</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="246" />
        <source>ΔP (W)</source>
        <translation>ΔP (W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="246" />
        <source>PF</source>
        <translation>PF</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="247" />
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="256" />
        <source>forbidden</source>
        <translation>forbidden</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="256" />
        <source>allowed</source>
        <translation>allowed</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="265" />
        <source>%1 appliance classes built in (resources/appliances.toml). A whitelist entry of a room or the building wins over the library.</source>
        <translation>%1 appliance classes built in (resources/appliances.toml). A whitelist entry of a room or the building wins over the library.</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <location filename="../../app/ui/settings_links.py" line="63" />
        <source>Edit link</source>
        <translation>Edit link</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="63" />
        <source>Add a link</source>
        <translation>Add a link</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="66" />
        <source>e.g. Building 1 bus A</source>
        <translation>e.g. Building 1 bus A</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="79" />
        <source>Even (E)</source>
        <translation>Even (E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="79" />
        <source>None (N)</source>
        <translation>None (N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="80" />
        <source>Odd (O)</source>
        <translation>Odd (O)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="90" />
        <source>Polled by the collector</source>
        <translation>Polled by the collector</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="93" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="94" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="95" />
        <source>Protocol</source>
        <translation>Protocol</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="96" />
        <source>Baud rate</source>
        <translation>Baud rate</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="97" />
        <source>Parity</source>
        <translation>Parity</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="98" />
        <source>Stop bits</source>
        <translation>Stop bits</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="99" />
        <source>Reply timeout</source>
        <translation>Reply timeout</translation>
    </message>
</context>
<context>
    <name>LinksPage</name>
    <message>
        <location filename="../../app/ui/settings_links.py" line="144" />
        <source>Links (RS-485 buses)</source>
        <translation>Links (RS-485 buses)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="156" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="157" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="158" />
        <source>Protocol</source>
        <translation>Protocol</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="159" />
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="160" />
        <source>Timeout</source>
        <translation>Timeout</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="161" />
        <source>Polled</source>
        <translation>Polled</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="162" />
        <source>Meters</source>
        <translation>Meters</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="175" />
        <source>Add…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="177" />
        <source>Edit…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="179" />
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="181" />
        <source>Restart the collector</source>
        <translation>Restart the collector</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="192" />
        <source>A changed link takes effect when the collector restarts: the running collector keeps its ports open with the settings it started with.</source>
        <translation>A changed link takes effect when the collector restarts: the running collector keeps its ports open with the settings it started with.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="201" />
        <source>change links</source>
        <translation>change links</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="222" />
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="222" />
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="232" />
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="243" />
        <source>No link yet: add one, or import a site sheet.</source>
        <translation>No link yet: add one, or import a site sheet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="286" />
        <source>Saved. The collector uses the change after it restarts.</source>
        <translation>Saved. The collector uses the change after it restarts.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="288" />
        <source>Saved. The collector uses it when it next starts.</source>
        <translation>Saved. The collector uses it when it next starts.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="297" />
        <source>Remove the link %1 (%2)?</source>
        <translation>Remove the link %1 (%2)?</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="304" />
        <source>Link %1 removed.</source>
        <translation>Link %1 removed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="309" />
        <source>Remove link</source>
        <translation>Remove link</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="314" />
        <source>The collector is restarting with the saved links…</source>
        <translation>The collector is restarting with the saved links…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="321" />
        <source>Testing %1…</source>
        <translation>Testing %1…</translation>
    </message>
</context>
<context>
    <name>Live</name>
    <message>
        <location filename="../../app/ui/labels.py" line="63" />
        <source>on</source>
        <translation>on</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="64" />
        <source>cut</source>
        <translation>cut</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="65" />
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="75" />
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="77" />
        <source>not read yet</source>
        <translation>not read yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="79" />
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="90" />
        <source>%1 s ago</source>
        <translation>%1 s ago</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="92" />
        <source>%1 min ago</source>
        <translation>%1 min ago</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="94" />
        <source>%1 h ago</source>
        <translation>%1 h ago</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="95" />
        <source>%1 d ago</source>
        <translation>%1 d ago</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="101" />
        <source>low balance (level 1)</source>
        <translation>low balance (level 1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="102" />
        <source>low balance (level 2, pre-trip)</source>
        <translation>low balance (level 2, pre-trip)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="103" />
        <source>at the cut-off line (level 3)</source>
        <translation>at the cut-off line (level 3)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="688" />
        <source>Needs the manager (load control)</source>
        <translation>Needs the manager (load control)</translation>
    </message>
    <message>
        <location filename="../../app/ui/live.py" line="254" />
        <source>Meter offline (lost contact)</source>
        <translation>Meter offline (lost contact)</translation>
    </message>
    <message>
        <location filename="../../app/ui/live.py" line="258" />
        <source>Power cut off</source>
        <translation>Power cut off</translation>
    </message>
    <message>
        <location filename="../../app/ui/live.py" line="270" />
        <source>Guaranteed supply (no automatic cut)</source>
        <translation>Guaranteed supply (no automatic cut)</translation>
    </message>
    <message>
        <location filename="../../app/ui/live.py" line="275" />
        <source>Vacant, yet drawing %1</source>
        <translation>Vacant, yet drawing %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/live.py" line="283" />
        <source>%n recharge(s) waiting</source>
        <translation><numerusform>%n recharge waiting</numerusform><numerusform>%n recharges waiting</numerusform></translation>
    </message>
</context>
<context>
    <name>Load</name>
    <message>
        <location filename="../../app/ui/labels.py" line="628" />
        <source>forbidden</source>
        <translation>forbidden</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="629" />
        <source>allowed</source>
        <translation>allowed</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="630" />
        <source>whitelisted</source>
        <translation>whitelisted</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="631" />
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="639" />
        <source>cut</source>
        <translation>cut</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="640" />
        <source>alarm</source>
        <translation>alarm</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="641" />
        <source>message</source>
        <translation>message</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="642" />
        <source>held (guaranteed supply)</source>
        <translation>held (guaranteed supply)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="643" />
        <source>already cut by load control</source>
        <translation>already cut by load control</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="644" />
        <source>already off (other rule)</source>
        <translation>already off (other rule)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="645" />
        <source>learned</source>
        <translation>learned</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="646" />
        <location filename="../../app/ui/labels.py" line="647" />
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="654" />
        <source>platform</source>
        <translation>platform</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="655" />
        <source>meter</source>
        <translation>meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="662" />
        <source>malicious load (meter)</source>
        <translation>malicious load (meter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="663" />
        <source>overload</source>
        <translation>overload</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="664" />
        <source>over the power limit</source>
        <translation>over the power limit</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="671" />
        <source>Smallest step judged</source>
        <translation>Smallest step judged</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="672" />
        <source>Resistive from power factor</source>
        <translation>Resistive from power factor</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="673" />
        <source>Unknown resistive load cut from</source>
        <translation>Unknown resistive load cut from</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="674" />
        <source>Power limit (0: none)</source>
        <translation>Power limit (0: none)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="675" />
        <source>Night power limit (0: the day's)</source>
        <translation>Night power limit (0: the day's)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="678" />
        <source>Night hours (from, to)</source>
        <translation>Night hours (from, to)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="679" />
        <source>A step must last</source>
        <translation>A step must last</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="680" />
        <source>Trust a step's PF from share</source>
        <translation>Trust a step's PF from share</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="681" />
        <source>Site time zone (UTC+)</source>
        <translation>Site time zone (UTC+)</translation>
    </message>
</context>
<context>
    <name>LoadPage</name>
    <message>
        <location filename="../../app/ui/settings_load.py" line="451" />
        <source>Load control (负载控制)</source>
        <translation>Load control (负载控制)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="458" />
        <source>Building:</source>
        <translation>Building:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="468" />
        <source>Rules</source>
        <translation>Rules</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="469" />
        <source>Appliance library</source>
        <translation>Appliance library</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="470" />
        <source>Whitelist (白名单)</source>
        <translation>Whitelist (白名单)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="471" />
        <source>Learning mode (学习模式)</source>
        <translation>Learning mode (学习模式)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="477" />
        <source>change load control</source>
        <translation>change load control</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="492" />
        <source>not under load control</source>
        <translation>not under load control</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="519" />
        <source>Saved. The collector follows within a minute.</source>
        <translation>Saved. The collector follows within a minute.</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../../app/ui/lock.py" line="69" />
        <source>WattDesk is locked</source>
        <translation>WattDesk is locked</translation>
    </message>
    <message>
        <location filename="../../app/ui/lock.py" line="72" />
        <source>Logged in: %1. Type the password to continue.</source>
        <translation>Logged in: %1. Type the password to continue.</translation>
    </message>
    <message>
        <location filename="../../app/ui/lock.py" line="77" />
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="93" />
        <source>WattDesk — log in</source>
        <translation>WattDesk — log in</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="94" />
        <source>Log in with your operator name and password.</source>
        <translation>Log in with your operator name and password.</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="95" />
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="96" />
        <source>Password</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="75" />
        <source>WattDesk — prepaid electricity control room</source>
        <translation>WattDesk — prepaid electricity control room</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="88" />
        <source>Park</source>
        <translation>Park</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="100" />
        <location filename="../../app/ui/main_window.py" line="414" />
        <source>Loading the park…</source>
        <translation>Loading the park…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="125" />
        <source>Operator: %1 (%2)</source>
        <translation>Operator: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="147" />
        <source>Database: %1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="150" />
        <source>Tools</source>
        <translation>Tools</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="154" />
        <source>Cashier counter (F9)</source>
        <translation>Cashier counter (F9)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="155" />
        <source>Your role may not take money; the counter opens read-only.</source>
        <translation>Your role may not take money; the counter opens read-only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="156" />
        <source>Tariffs…</source>
        <translation>Tariffs…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="157" />
        <source>Your role may not change tariffs; they open read-only.</source>
        <translation>Your role may not change tariffs; they open read-only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="158" />
        <source>Refund approvals</source>
        <translation>Refund approvals</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="159" />
        <source>Only an administrator decides refund requests; the list opens read-only.</source>
        <translation>Only an administrator decides refund requests; the list opens read-only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="160" />
        <source>Accounts…</source>
        <translation>Accounts…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="161" />
        <source>Reports…</source>
        <translation>Reports…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="162" />
        <source>Billing…</source>
        <translation>Billing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="163" />
        <source>Your role may not run billing; it opens read-only.</source>
        <translation>Your role may not run billing; it opens read-only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="178" />
        <source>Bus diagnostics</source>
        <translation>Bus diagnostics</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="181" />
        <source>Settings…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="185" />
        <source>Lock (Ctrl+L)</source>
        <translation>Lock (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="191" />
        <source>&amp;Site</source>
        <translation>&amp;Site</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="193" />
        <source>&amp;Windows</source>
        <translation>&amp;Windows</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="196" />
        <source>Import / export the site sheet…</source>
        <translation>Import / export the site sheet…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_collector.py" line="102" />
        <source>The other desk stopped; this desk runs the buses now.</source>
        <translation>The other desk stopped; this desk runs the buses now.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_collector.py" line="122" />
        <source>The collector did not start: %1</source>
        <translation>The collector did not start: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_collector.py" line="146" />
        <source>Another desk took over the collector; this desk stopped polling.</source>
        <translation>Another desk took over the collector; this desk stopped polling.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="387" />
        <source>Daily backup written: %1</source>
        <translation>Daily backup written: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="394" />
        <source>Daily backup failed: %1</source>
        <translation>Daily backup failed: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="428" />
        <source>%n room(s) loaded</source>
        <translation><numerusform>%n room loaded</numerusform><numerusform>%n rooms loaded</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="474" />
        <source>Could not load the park: %1</source>
        <translation>Could not load the park: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="482" />
        <source>&lt;p&gt;%1 buildings · %2 rooms · %3 let · %4 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 buildings · %2 rooms · %3 let · %4 vacant&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="486" />
        <source>&lt;p&gt;Choose a building or a floor to see its room wall.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Choose a building or a floor to see its room wall.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="509" />
        <source>&lt;p&gt;%1 rooms · %2 let · %3 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 rooms · %2 let · %3 vacant&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="76" />
        <source>Batches…</source>
        <translation>Batches…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="79" />
        <source>Time control…</source>
        <translation>Time control…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="84" />
        <source>Your role may not change timetables; they open read-only.</source>
        <translation>Your role may not change timetables; they open read-only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="88" />
        <source>Messages…</source>
        <translation>Messages…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="91" />
        <source>Online payments…</source>
        <translation>Online payments…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="96" />
        <source>Your role may not take payments; the window opens read-only.</source>
        <translation>Your role may not take payments; the window opens read-only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="101" />
        <source>Field package…</source>
        <translation>Field package…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="107" />
        <source>Only an administrator exports or merges field packages.</source>
        <translation>Only an administrator exports or merges field packages.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="142" />
        <source>Field package</source>
        <translation>Field package</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="152" />
        <source>Bus ports…</source>
        <translation>Bus ports…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="183" />
        <source>WattDesk — field package %1</source>
        <translation>WattDesk — field package %1</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../app/ui/labels.py" line="534" />
        <source>Low balance (余额不足)</source>
        <translation>Low balance (余额不足)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="535" />
        <source>Power will be cut soon (即将断电)</source>
        <translation>Power will be cut soon (即将断电)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="536" />
        <source>Power cut (已断电)</source>
        <translation>Power cut (已断电)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="537" />
        <source>Power restored (已恢复供电)</source>
        <translation>Power restored (已恢复供电)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="538" />
        <source>Recharge credited (充值到账)</source>
        <translation>Recharge credited (充值到账)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="539" />
        <source>Meter-side recharge still pending (staff)</source>
        <translation>Meter-side recharge still pending (staff)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="542" />
        <source>Bill issued (账单)</source>
        <translation>Bill issued (账单)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="543" />
        <source>Bill overdue (逾期)</source>
        <translation>Bill overdue (逾期)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="544" />
        <source>Meter offline (staff)</source>
        <translation>Meter offline (staff)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="545" />
        <source>Daily summary (staff)</source>
        <translation>Daily summary (staff)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="547" />
        <source>Forbidden appliance cut (违规电器断电)</source>
        <translation>Forbidden appliance cut (违规电器断电)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="550" />
        <source>Dormitory load alarm (staff)</source>
        <translation>Dormitory load alarm (staff)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="560" />
        <source>None (port 25, inside the office only)</source>
        <translation>None (port 25, inside the office only)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="561" />
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS (port 587)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="562" />
        <source>SSL/TLS (port 465)</source>
        <translation>SSL/TLS (port 465)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="569" />
        <source>Chinese (UCS2)</source>
        <translation>Chinese (UCS2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="571" />
        <source>Latin (GSM 7-bit)</source>
        <translation>Latin (GSM 7-bit)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="574" />
        <source>%1 · %2 SMS · %3 characters left in the last part</source>
        <translation>%1 · %2 SMS · %3 characters left in the last part</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="585" />
        <source>queued</source>
        <translation>queued</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="586" />
        <source>sending</source>
        <translation>sending</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="587" />
        <source>sent</source>
        <translation>sent</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="588" />
        <source>delivered</source>
        <translation>delivered</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="589" />
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="590" />
        <source>may have been sent</source>
        <translation>may have been sent</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="599" />
        <source>low balance</source>
        <translation>low balance</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="600" />
        <source>power will be cut</source>
        <translation>power will be cut</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="601" />
        <source>power cut</source>
        <translation>power cut</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="602" />
        <source>power restored</source>
        <translation>power restored</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="603" />
        <source>recharge credited</source>
        <translation>recharge credited</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="604" />
        <source>recharge pending</source>
        <translation>recharge pending</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="605" />
        <source>bill issued</source>
        <translation>bill issued</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="606" />
        <source>bill overdue</source>
        <translation>bill overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="607" />
        <source>meter offline</source>
        <translation>meter offline</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="608" />
        <source>daily summary</source>
        <translation>daily summary</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="609" />
        <source>typed by an operator</source>
        <translation>typed by an operator</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="610" />
        <source>forbidden appliance cut</source>
        <translation>forbidden appliance cut</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="611" />
        <source>dormitory load alarm</source>
        <translation>dormitory load alarm</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="618" />
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="619" />
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="620" />
        <source>SMS gateway</source>
        <translation>SMS gateway</translation>
    </message>
</context>
<context>
    <name>MessagesPage</name>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="350" />
        <source>Messages (消息通知)</source>
        <translation>Messages (消息通知)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="359" />
        <source>Channels</source>
        <translation>Channels</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="360" />
        <source>Rules and quiet hours</source>
        <translation>Rules and quiet hours</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="361" />
        <source>Templates</source>
        <translation>Templates</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="362" />
        <source>Staff contacts</source>
        <translation>Staff contacts</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="364" />
        <source>Save channels and rules</source>
        <translation>Save channels and rules</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="373" />
        <source>change how messages are sent</source>
        <translation>change how messages are sent</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="383" />
        <source>send messages</source>
        <translation>send messages</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="425" />
        <source>Saved. The senders follow now on this desk and within a minute on the desk that runs the collector; rules and quiet hours apply within a minute.</source>
        <translation>Saved. The senders follow now on this desk and within a minute on the desk that runs the collector; rules and quiet hours apply within a minute.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="430" />
        <source>%1 messages wait for channel %2, which is not set up: they stay queued and go out when it is set up again.</source>
        <translation>%1 messages wait for channel %2, which is not set up: they stay queued and go out when it is set up again.</translation>
    </message>
</context>
<context>
    <name>MessagesWindow</name>
    <message>
        <location filename="../../app/ui/messages.py" line="94" />
        <source>%1 of %2 parts delivered</source>
        <translation>%1 of %2 parts delivered</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="118" />
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="133" />
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="140" />
        <location filename="../../app/ui/messages.py" line="256" />
        <source>All channels</source>
        <translation>All channels</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="141" />
        <location filename="../../app/ui/messages.py" line="258" />
        <source>All kinds</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="145" />
        <source>Filter by recipient, room, account or text</source>
        <translation>Filter by recipient, room, account or text</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="154" />
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="155" />
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="156" />
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="157" />
        <source>Recipient</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="158" />
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="159" />
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="160" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="161" />
        <source>Parts</source>
        <translation>Parts</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="162" />
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="170" />
        <source>Resend…</source>
        <translation>Resend…</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="173" />
        <source>Export to Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="176" />
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="187" />
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="188" />
        <source>Channel:</source>
        <translation>Channel:</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="189" />
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="202" />
        <source>Message text:</source>
        <translation>Message text:</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="297" />
        <source>%1 messages shown</source>
        <translation>%1 messages shown</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="329" />
        <source>Your role may not send messages: ask an operator or an administrator.</source>
        <translation>Your role may not send messages: ask an operator or an administrator.</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="334" />
        <source>Only a failed message, or one that may have been sent, is sent again.</source>
        <translation>Only a failed message, or one that may have been sent, is sent again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="363" />
        <source>Message %1 to %2 may have been sent: the sender stopped, or the line broke, after handing it over. Sending it again may deliver it twice. Ask the recipient first. Send it again?</source>
        <translation>Message %1 to %2 may have been sent: the sender stopped, or the line broke, after handing it over. Sending it again may deliver it twice. Ask the recipient first. Send it again?</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="368" />
        <source>Send message %1 to %2 again?</source>
        <translation>Send message %1 to %2 again?</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="383" />
        <source>Message %1 is queued again for %2.</source>
        <translation>Message %1 is queued again for %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="391" />
        <source>Resend a message</source>
        <translation>Resend a message</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="397" />
        <source>Export the messages</source>
        <translation>Export the messages</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="398" />
        <source>messages.xlsx</source>
        <translation>messages.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="399" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="422" />
        <source>Written: %1</source>
        <translation>Written: %1</translation>
    </message>
</context>
<context>
    <name>OpenAccountDialog</name>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="195" />
        <source>Pre-set account (预设账户)</source>
        <translation>Pre-set account (预设账户)</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="195" />
        <source>Open account (开户)</source>
        <translation>Open account (开户)</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="197" />
        <source>Prepare an account now; it opens later with one click.</source>
        <translation>Prepare an account now; it opens later with one click.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="199" />
        <source>A tenant gets an account over one or more vacant rooms (一户多表).</source>
        <translation>A tenant gets an account over one or more vacant rooms (一户多表).</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="204" />
        <source>Pre-set</source>
        <translation>Pre-set</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="204" />
        <source>Open account</source>
        <translation>Open account</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="212" />
        <source>Filter rooms: building or number</source>
        <translation>Filter rooms: building or number</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="219" />
        <source>(as assigned today)</source>
        <translation>(as assigned today)</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="222" />
        <source>(keep the meters' mode)</source>
        <translation>(keep the meters' mode)</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="232" />
        <source>site default</source>
        <translation>site default</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="233" />
        <source>Tenant:</source>
        <translation>Tenant:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="234" />
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="235" />
        <source>Rooms:</source>
        <translation>Rooms:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="237" />
        <source>Tariff:</source>
        <translation>Tariff:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="238" />
        <source>Billing mode:</source>
        <translation>Billing mode:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="239" />
        <source>Level 1, warn (yuan):</source>
        <translation>Level 1, warn (yuan):</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="240" />
        <source>Level 2, pre-trip (yuan):</source>
        <translation>Level 2, pre-trip (yuan):</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="241" />
        <source>Level 3, cut below zero by (yuan):</source>
        <translation>Level 3, cut below zero by (yuan):</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="252" />
        <source>Your role may not assign tariffs.</source>
        <translation>Your role may not assign tariffs.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="257" />
        <source>Your role may not change meters.</source>
        <translation>Your role may not change meters.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="261" />
        <source>Your role may not write meter parameters.</source>
        <translation>Your role may not write meter parameters.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="267" />
        <source>Only an administrator sets an overdraft limit.</source>
        <translation>Only an administrator sets an overdraft limit.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="271" />
        <source>Levels 1 and 2 are written to meter-side meters; platform-side meters follow the site's levels (Settings). Level 3 is the cut-off: the account may go this far below zero (overdraft limit).</source>
        <translation>Levels 1 and 2 are written to meter-side meters; platform-side meters follow the site's levels (Settings). Level 3 is the cut-off: the account may go this far below zero (overdraft limit).</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="283" />
        <source>%1 (meters: %2)</source>
        <translation>%1 (meters: %2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="316" />
        <source>level 1</source>
        <translation>level 1</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="317" />
        <source>level 2</source>
        <translation>level 2</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="318" />
        <source>level 3</source>
        <translation>level 3</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="329" />
        <source>Give the tenant's name and tick at least one room.</source>
        <translation>Give the tenant's name and tick at least one room.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="332" />
        <source>Pre-set an account for %1 over %2 room(s)?</source>
        <translation>Pre-set an account for %1 over %2 room(s)?</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="334" />
        <source>Open an account for %1 over %2 room(s)?</source>
        <translation>Open an account for %1 over %2 room(s)?</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="344" />
        <source>Pre-set account %1 is ready: open it with one click when %2 moves in.</source>
        <translation>Pre-set account %1 is ready: open it with one click when %2 moves in.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="346" />
        <source>Account %1 is open for %2.</source>
        <translation>Account %1 is open for %2.</translation>
    </message>
</context>
<context>
    <name>OpenBillsPanel</name>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="57" />
        <source>Open bills</source>
        <translation>Open bills</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="61" />
        <source>Bill</source>
        <translation>Bill</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="61" />
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="61" />
        <source>Owed</source>
        <translation>Owed</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="61" />
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="71" />
        <source>Pay bill…</source>
        <translation>Pay bill…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="106" />
        <source>%1 days</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="117" />
        <source>Open bills (%1)</source>
        <translation>Open bills (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="138" />
        <source>Take %1 by %2 for bill %3 of %4?</source>
        <translation>Take %1 by %2 for bill %3 of %4?</translation>
    </message>
</context>
<context>
    <name>ParamsDialog</name>
    <message>
        <location filename="../../app/ui/meter_params.py" line="75" />
        <source>Alarm levels</source>
        <translation>Alarm levels</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="75" />
        <source>Meter prices</source>
        <translation>Meter prices</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="78" />
        <source>Room %1 · tenant %2 · meter %3</source>
        <translation>Room %1 · tenant %2 · meter %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="80" />
        <location filename="../../app/ui/meter_params.py" line="209" />
        <source>(vacant)</source>
        <translation>(vacant)</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="90" />
        <source>Alarm level 1, warn (一级告警), yuan</source>
        <translation>Alarm level 1, warn (一级告警), yuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="91" />
        <source>Alarm level 2, pre-trip (二级告警), yuan</source>
        <translation>Alarm level 2, pre-trip (二级告警), yuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="92" />
        <source>Maximum balance (囤积限额), yuan</source>
        <translation>Maximum balance (囤积限额), yuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="95" />
        <source>The meter warns at level 1, warns again at level 2 and cuts the supply by itself when its balance reaches zero (less its overdraft): that cut-off line belongs to the meter model and is not written from here. Leave a field empty to keep the meter's value.</source>
        <translation>The meter warns at level 1, warns again at level 2 and cuts the supply by itself when its balance reaches zero (less its overdraft): that cut-off line belongs to the meter model and is not written from here. Leave a field empty to keep the meter's value.</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="101" />
        <source>, yuan/kWh</source>
        <translation>, yuan/kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="105" />
        <source>Prefilled with the prices of tariff %1 in force now. The meter charges its balance with these prices; leave a field empty to keep the meter's.</source>
        <translation>Prefilled with the prices of tariff %1 in force now. The meter charges its balance with these prices; leave a field empty to keep the meter's.</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="109" />
        <source>No tariff applies to this meter; type the prices.</source>
        <translation>No tariff applies to this meter; type the prices.</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="113" />
        <source>The tariff's tiered blocks cannot be held by the meter: it charges the band prices only.</source>
        <translation>The tariff's tiered blocks cannot be held by the meter: it charges the band prices only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="130" />
        <source>Send to the meter</source>
        <translation>Send to the meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="134" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="161" />
        <source>%1: %2 is not a number.</source>
        <translation>%1: %2 is not a number.</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="165" />
        <source>%1: must be zero or more, not %2.</source>
        <translation>%1: must be zero or more, not %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="172" />
        <source>%1: at most %2 decimals (%3).</source>
        <translation>%1: at most %2 decimals (%3).</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="179" />
        <source>Fill in at least one value.</source>
        <translation>Fill in at least one value.</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="183" />
        <source>%1: must not be above level 1 (%2).</source>
        <translation>%1: must not be above level 1 (%2).</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="190" />
        <source>%1: must be above alarm level 1 (%2).</source>
        <translation>%1: must be above alarm level 1 (%2).</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="205" />
        <source>Write %1 to meter %2 of room %3, tenant %4?
%5</source>
        <translation>Write %1 to meter %2 of room %3, tenant %4?
%5</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="229" />
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="236" />
        <source>Confirm meter command</source>
        <translation>Confirm meter command</translation>
    </message>
</context>
<context>
    <name>ParamsForm</name>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="58" />
        <source>keep the meter's value</source>
        <translation>keep the meter's value</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="78" />
        <source>Written to meter-side meters (表端计费), which keep their own balance, prices and alarm lines. Leave a field empty to keep the meter's value.</source>
        <translation>Written to meter-side meters (表端计费), which keep their own balance, prices and alarm lines. Leave a field empty to keep the meter's value.</translation>
    </message>
</context>
<context>
    <name>ParkPage</name>
    <message>
        <location filename="../../app/ui/settings_site.py" line="58" />
        <source>Park details for receipts</source>
        <translation>Park details for receipts</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="66" />
        <source>e.g. the property management company</source>
        <translation>e.g. the property management company</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="68" />
        <source>e.g. Keep this receipt. Thank you.</source>
        <translation>e.g. Keep this receipt. Thank you.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="70" />
        <source>Park</source>
        <translation>Park</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="71" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="72" />
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="73" />
        <source>Service phone</source>
        <translation>Service phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="74" />
        <source>Issued by</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="75" />
        <source>Footer line</source>
        <translation>Footer line</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="83" />
        <source>The top of a receipt will read:</source>
        <translation>The top of a receipt will read:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="85" />
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="97" />
        <source>change the receipt header</source>
        <translation>change the receipt header</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="115" />
        <source>The database has no park yet.</source>
        <translation>The database has no park yet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="168" />
        <source>Saved. Receipts issued from now on print this header.</source>
        <translation>Saved. Receipts issued from now on print this header.</translation>
    </message>
</context>
<context>
    <name>ParkTree</name>
    <message>
        <location filename="../../widgets/park_tree.py" line="116" />
        <source>Search room, tenant, pinyin initials or meter address</source>
        <translation>Search room, tenant, pinyin initials or meter address</translation>
    </message>
</context>
<context>
    <name>Payments</name>
    <message>
        <location filename="../../app/ui/labels.py" line="697" />
        <source>WeChat Pay</source>
        <translation>WeChat Pay</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="698" />
        <source>Alipay</source>
        <translation>Alipay</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="705" />
        <source>credited</source>
        <translation>credited</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="706" />
        <source>already credited</source>
        <translation>already credited</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="707" />
        <source>unmatched</source>
        <translation>unmatched</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="708" />
        <source>refund (reported)</source>
        <translation>refund (reported)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="709" />
        <source>refused (key conflict)</source>
        <translation>refused (key conflict)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="716" />
        <source>will be credited</source>
        <translation>will be credited</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="722" />
        <source>bill import</source>
        <translation>bill import</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="723" />
        <source>relay notification</source>
        <translation>relay notification</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="730" />
        <source>missing in the ledger</source>
        <translation>missing in the ledger</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="731" />
        <source>amount differs</source>
        <translation>amount differs</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="732" />
        <source>in the ledger only</source>
        <translation>in the ledger only</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="733" />
        <source>bill summary differs</source>
        <translation>bill summary differs</translation>
    </message>
</context>
<context>
    <name>PaymentsPage</name>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="42" />
        <source>Online payments (线上缴费)</source>
        <translation>Online payments (线上缴费)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="47" />
        <source>The payment relay's endpoint is off unless it is started on the desk that should receive notifications, with the address the relay calls (this desk only, or a LAN address):</source>
        <translation>The payment relay's endpoint is off unless it is started on the desk that should receive notifications, with the address the relay calls (this desk only, or a LAN address):</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="62" />
        <source>At least 16 characters, as the relay has it</source>
        <translation>At least 16 characters, as the relay has it</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="63" />
        <source>Store the shared secret</source>
        <translation>Store the shared secret</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="67" />
        <source>Shared secret:</source>
        <translation>Shared secret:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="71" />
        <source>A running endpoint reads the secret when it starts: restart it.</source>
        <translation>A running endpoint reads the secret when it starts: restart it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="77" />
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="78" />
        <source>Platform</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="79" />
        <source>Transaction</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="80" />
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="81" />
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="82" />
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="91" />
        <source>Last payments notified by the relay:</source>
        <translation>Last payments notified by the relay:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="96" />
        <source>change the payment relay's secret</source>
        <translation>change the payment relay's secret</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="105" />
        <source>A shared secret is stored in the keyring.</source>
        <translation>A shared secret is stored in the keyring.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="107" />
        <source>No shared secret is stored yet: the endpoint will not start.</source>
        <translation>No shared secret is stored yet: the endpoint will not start.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="129" />
        <source>Stored. Restart a running endpoint (payment serve) to use it.</source>
        <translation>Stored. Restart a running endpoint (payment serve) to use it.</translation>
    </message>
</context>
<context>
    <name>PaymentsWindow</name>
    <message>
        <location filename="../../app/ui/payments.py" line="329" />
        <source>Online payments</source>
        <translation>Online payments</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="337" />
        <source>Import a bill</source>
        <translation>Import a bill</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="338" />
        <source>Unmatched</source>
        <translation>Unmatched</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="339" />
        <source>Reconciliation</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="340" />
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="356" />
        <source>Your role may not take payments: you can read the lists and the reconciliation (finance staff also preview a bill), but only a cashier or an administrator credits or assigns.</source>
        <translation>Your role may not take payments: you can read the lists and the reconciliation (finance staff also preview a bill), but only a cashier or an administrator credits or assigns.</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="89" />
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="90" />
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="92" />
        <source>Errors</source>
        <translation>Errors</translation>
    </message>
</context>
<context>
    <name>ReconcileTab</name>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="218" />
        <source>The bill read on the Import tab</source>
        <translation>The bill read on the Import tab</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="220" />
        <source>A period:</source>
        <translation>A period:</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="223" />
        <source>Platform…</source>
        <translation>Platform…</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="232" />
        <source>Reconcile</source>
        <translation>Reconcile</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="235" />
        <source>Export to Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="245" />
        <source>Difference</source>
        <translation>Difference</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="246" />
        <source>Transaction</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="247" />
        <source>Platform</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="248" />
        <source>Ledger</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="249" />
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="287" />
        <source>Read a bill on the Import tab first.</source>
        <translation>Read a bill on the Import tab first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="303" />
        <source>%1: platform %2 payments, %3 yuan; ledger %4 recharges, %5 yuan.</source>
        <translation>%1: platform %2 payments, %3 yuan; ledger %4 recharges, %5 yuan.</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="309" />
        <source>Refunds in the bill: %1, %2 yuan (never reversed by themselves).</source>
        <translation>Refunds in the bill: %1, %2 yuan (never reversed by themselves).</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="315" />
        <source>Period %1 to %2</source>
        <translation>Period %1 to %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="317" />
        <source>Balanced.</source>
        <translation>Balanced.</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="319" />
        <source>Differences: %1.</source>
        <translation>Differences: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="338" />
        <source>Export the reconciliation</source>
        <translation>Export the reconciliation</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <location filename="../../app/ui/room_actions.py" line="83" />
        <source>Refund (退费)</source>
        <translation>Refund (退费)</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="85" />
        <source>Room %1 · tenant %2 · account %3</source>
        <translation>Room %1 · tenant %2 · account %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="87" />
        <location filename="../../app/ui/room_actions.py" line="229" />
        <source>(vacant)</source>
        <translation>(vacant)</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="93" />
        <source>Reading the account…</source>
        <translation>Reading the account…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="102" />
        <source>e.g. moving out, paid twice</source>
        <translation>e.g. moving out, paid twice</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="104" />
        <source>Amount (yuan):</source>
        <translation>Amount (yuan):</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="105" />
        <source>Paid out by:</source>
        <translation>Paid out by:</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="106" />
        <source>Reason:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="108" />
        <source>Administrator approval</source>
        <translation>Administrator approval</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="114" />
        <source>administrator's login</source>
        <translation>administrator's login</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="119" />
        <source>Administrator:</source>
        <translation>Administrator:</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="120" />
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="121" />
        <source>No administrator here: send for approval</source>
        <translation>No administrator here: send for approval</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="126" />
        <source>Nothing is paid now: an administrator approves or rejects the request later (Refund approvals), and the refund is then made in your name and shift.</source>
        <translation>Nothing is paid now: an administrator approves or rejects the request later (Refund approvals), and the refund is then made in your name and shift.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="141" />
        <source>Refund</source>
        <translation>Refund</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="146" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="168" />
        <source>This room has no tenant account: nothing to refund.</source>
        <translation>This room has no tenant account: nothing to refund.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="172" />
        <source>Refundable from the account: %1. Money held on a meter-side meter is paid back when the account is closed.</source>
        <translation>Refundable from the account: %1. Money held on a meter-side meter is paid back when the account is closed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="179" />
        <source>Above %1 a refund needs an administrator's approval: the administrator types their login and password here (not the person asking for the refund).</source>
        <translation>Above %1 a refund needs an administrator's approval: the administrator types their login and password here (not the person asking for the refund).</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="206" />
        <location filename="../../app/ui/room_actions.py" line="253" />
        <source>Amount: %1</source>
        <translation>Amount: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="210" />
        <location filename="../../app/ui/room_actions.py" line="257" />
        <source>Reason: say why the money is paid back (it goes in the log).</source>
        <translation>Reason: say why the money is paid back (it goes in the log).</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="217" />
        <source>Administrator approval: %1 is above %2, so an administrator must type their login and password.</source>
        <translation>Administrator approval: %1 is above %2, so an administrator must type their login and password.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="226" />
        <source>Refund %1 by %2 to tenant %3 of room %4?</source>
        <translation>Refund %1 by %2 to tenant %3 of room %4?</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="242" />
        <source>Refunding…</source>
        <translation>Refunding…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="273" />
        <source>Request %1 for %2 sent: an administrator decides it in Refund approvals; nothing was paid yet.</source>
        <translation>Request %1 for %2 sent: an administrator decides it in Refund approvals; nothing was paid yet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="283" />
        <source>Not sent: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="290" />
        <source>Refund slip %1: %2 paid out by %3. The account balance is now %4.</source>
        <translation>Refund slip %1: %2 paid out by %3. The account balance is now %4.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="308" />
        <source>Not refunded: %1</source>
        <translation>Not refunded: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="315" />
        <source>Confirm refund</source>
        <translation>Confirm refund</translation>
    </message>
</context>
<context>
    <name>ReportForm</name>
    <message>
        <location filename="../../app/ui/report_form.py" line="112" />
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="114" />
        <source>This month</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="115" />
        <source>Last month</source>
        <translation>Last month</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="116" />
        <source>This year</source>
        <translation>This year</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="128" />
        <source>all methods</source>
        <translation>all methods</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="131" />
        <source>all kinds</source>
        <translation>all kinds</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="135" />
        <source>any cashier (login)</source>
        <translation>any cashier (login)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="146" />
        <source>As a cashier you see only your own orders (%1).</source>
        <translation>As a cashier you see only your own orders (%1).</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="174" />
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="154" />
        <source>Grouping</source>
        <translation>Grouping</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="175" />
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="176" />
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="177" />
        <source>Orders</source>
        <translation>Orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="232" />
        <source>No report is chosen.</source>
        <translation>No report is chosen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="330" />
        <source>account number</source>
        <translation>account number</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="371" />
        <source>Type or choose an account number.</source>
        <translation>Type or choose an account number.</translation>
    </message>
</context>
<context>
    <name>ReportsWindow</name>
    <message>
        <location filename="../../app/ui/labels.py" line="218" />
        <source>by day</source>
        <translation>by day</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="219" />
        <source>by month</source>
        <translation>by month</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="220" />
        <source>by year</source>
        <translation>by year</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="227" />
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="228" />
        <source>Month</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="229" />
        <source>Year</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="230" />
        <source>Custom</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="237" />
        <source>Whole park</source>
        <translation>Whole park</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="238" />
        <source>Building</source>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="239" />
        <source>Floor</source>
        <translation>Floor</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="240" />
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="247" />
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="254" />
        <source>recharge</source>
        <translation>recharge</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="255" />
        <source>refund</source>
        <translation>refund</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="256" />
        <source>reversal</source>
        <translation>reversal</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="257" />
        <source>adjustment</source>
        <translation>adjustment</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="258" />
        <source>fee deduction</source>
        <translation>fee deduction</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="265" />
        <source>per room</source>
        <translation>per room</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="266" />
        <source>per account</source>
        <translation>per account</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="267" />
        <source>per floor</source>
        <translation>per floor</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="268" />
        <source>per building</source>
        <translation>per building</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="269" />
        <source>the whole park</source>
        <translation>the whole park</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="270" />
        <source>energy (kWh)</source>
        <translation>energy (kWh)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="271" />
        <source>income (yuan)</source>
        <translation>income (yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="119" />
        <location filename="../../app/ui/reports.py" line="281" />
        <source>Reports</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="158" />
        <source>Run report</source>
        <translation>Run report</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="161" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="166" />
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="173" />
        <source>One sheet per building (XLSX)</source>
        <translation>One sheet per building (XLSX)</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="221" />
        <source>Running the report…</source>
        <translation>Running the report…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="233" />
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="254" />
        <source>The report was cancelled; nothing is shown.</source>
        <translation>The report was cancelled; nothing is shown.</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="261" />
        <source>The report failed: %1</source>
        <translation>The report failed: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="270" />
        <source>Could not read the park: %1</source>
        <translation>Could not read the park: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="281" />
        <source>Reports — your own orders</source>
        <translation>Reports — your own orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="287" />
        <source>Your role may not read any of these reports.</source>
        <translation>Your role may not read any of these reports.</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="296" />
        <source>%1 subtotal</source>
        <translation>%1 subtotal</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="328" />
        <source>No data in this period.</source>
        <translation>No data in this period.</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="336" />
        <source>whole park</source>
        <translation>whole park</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="338" />
        <source>only your own orders</source>
        <translation>only your own orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="366" />
        <source>Export is not available in this version.</source>
        <translation>Export is not available in this version.</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="370" />
        <source>Export the report</source>
        <translation>Export the report</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="375" />
        <source>Writing %1…</source>
        <translation>Writing %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="391" />
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="395" />
        <source>The file was not written: %1</source>
        <translation>The file was not written: %1</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../app/ui/labels.py" line="42" />
        <source>administrator</source>
        <translation>administrator</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="43" />
        <source>operator</source>
        <translation>operator</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="44" />
        <source>cashier</source>
        <translation>cashier</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="45" />
        <source>auditor</source>
        <translation>auditor</translation>
    </message>
</context>
<context>
    <name>RoomActions</name>
    <message>
        <location filename="../../app/ui/labels.py" line="150" />
        <source>cash</source>
        <translation>cash</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="151" />
        <source>bank card</source>
        <translation>bank card</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="152" />
        <source>bank transfer</source>
        <translation>bank transfer</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="153" />
        <source>QR payment</source>
        <translation>QR payment</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="341" />
        <source>Refund…</source>
        <translation>Refund…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="344" />
        <source>Alarm levels…</source>
        <translation>Alarm levels…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="347" />
        <source>Meter prices…</source>
        <translation>Meter prices…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="357" />
        <source>Account…</source>
        <translation>Account…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="388" />
        <source>Your role (%1) may not refund: ask a cashier.</source>
        <translation>Your role (%1) may not refund: ask a cashier.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="392" />
        <source>A vacant room has no account.</source>
        <translation>A vacant room has no account.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="398" />
        <source>Your role (%1) may not write meter parameters: ask an operator.</source>
        <translation>Your role (%1) may not write meter parameters: ask an operator.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="403" />
        <source>This room has no meter.</source>
        <translation>This room has no meter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="407" />
        <source>Platform-side meter: WattDesk applies the tariff and the site's alarm levels itself; nothing to write to the meter.</source>
        <translation>Platform-side meter: WattDesk applies the tariff and the site's alarm levels itself; nothing to write to the meter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="464" />
        <source>%1: queued…</source>
        <translation>%1: queued…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="494" />
        <source>waiting for the meter</source>
        <translation>waiting for the meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="494" />
        <source>sent</source>
        <translation>sent</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="495" />
        <source>%1: %2…</source>
        <translation>%1: %2…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="502" />
        <source>%1: done. The meter reports: %2.</source>
        <translation>%1: done. The meter reports: %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="508" />
        <source>%1: %2. %3</source>
        <translation>%1: %2. %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="140" />
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="141" />
        <source>expired</source>
        <translation>expired</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="142" />
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
</context>
<context>
    <name>RoomDetailPanel</name>
    <message>
        <location filename="../../app/ui/room_detail.py" line="84" />
        <source>◀ Room wall</source>
        <translation>◀ Room wall</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="91" />
        <source>Recharge… (F9)</source>
        <translation>Recharge… (F9)</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="98" />
        <source>Your role may not take money: ask a cashier.</source>
        <translation>Your role may not take money: ask a cashier.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="116" />
        <source>Cut power</source>
        <translation>Cut power</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="117" />
        <source>Restore power</source>
        <translation>Restore power</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="118" />
        <source>Guaranteed supply on</source>
        <translation>Guaranteed supply on</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="119" />
        <source>Guaranteed supply off</source>
        <translation>Guaranteed supply off</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="121" />
        <source>Meter:</source>
        <translation>Meter:</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="142" />
        <source>Your role (%1) may not switch relays: ask an operator or an administrator.</source>
        <translation>Your role (%1) may not switch relays: ask an operator or an administrator.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="155" />
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="155" />
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="155" />
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="164" />
        <source>Trends</source>
        <translation>Trends</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="165" />
        <source>Recent events</source>
        <translation>Recent events</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="167" />
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="169" />
        <source>Load control</source>
        <translation>Load control</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="207" />
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="231" />
        <source>Could not read the room: %1</source>
        <translation>Could not read the room: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="252" />
        <source>Tenant: %1 · account %2 · %3 %4</source>
        <translation>Tenant: %1 · account %2 · %3 %4</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="260" />
        <source>Vacant room: no account</source>
        <translation>Vacant room: no account</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="282" />
        <source>on the meter</source>
        <translation>on the meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="282" />
        <source>account</source>
        <translation>account</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="284" />
        <source>Balance %1 (%2)</source>
        <translation>Balance %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="292" />
        <source>today %1 kWh %2</source>
        <translation>today %1 kWh %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="298" />
        <source>this month %1 kWh %2</source>
        <translation>this month %1 kWh %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="303" />
        <source>about %1 days left</source>
        <translation>about %1 days left</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="307" />
        <source>free energy %1 of %2 kWh used</source>
        <translation>free energy %1 of %2 kWh used</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="318" />
        <source>Voltage A / B / C</source>
        <translation>Voltage A / B / C</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="318" />
        <source>Current A / B / C</source>
        <translation>Current A / B / C</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="318" />
        <source>Power A / B / C</source>
        <translation>Power A / B / C</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="323" />
        <source>Bus</source>
        <translation>Bus</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="324" />
        <source>Billing</source>
        <translation>Billing</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="325" />
        <location filename="../../app/ui/room_detail.py" line="356" />
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="326" />
        <source>Last seen</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="327" />
        <location filename="../../app/ui/room_detail.py" line="343" />
        <source>Voltage</source>
        <translation>Voltage</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="328" />
        <location filename="../../app/ui/room_detail.py" line="343" />
        <source>Current</source>
        <translation>Current</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="329" />
        <source>Power</source>
        <translation>Power</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="330" />
        <source>Power factor</source>
        <translation>Power factor</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="331" />
        <source>Frequency</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="333" />
        <source>Energy total</source>
        <translation>Energy total</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="334" />
        <source>Sharp / peak</source>
        <translation>Sharp / peak</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="335" />
        <source>Flat / valley</source>
        <translation>Flat / valley</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="336" />
        <source>Balance</source>
        <translation>Balance</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="337" />
        <source>Purchase count</source>
        <translation>Purchase count</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="338" />
        <location filename="../../app/ui/room_detail.py" line="356" />
        <source>Relay</source>
        <translation>Relay</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="339" />
        <source>Guaranteed supply</source>
        <translation>Guaranteed supply</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="355" />
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="355" />
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="360" />
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="362" />
        <source>offline: %1</source>
        <translation>offline: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="364" />
        <source>meter-side</source>
        <translation>meter-side</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="364" />
        <source>platform-side</source>
        <translation>platform-side</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="382" />
        <source>(account)</source>
        <translation>(account)</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="420" />
        <source>%1 for room %2, tenant %3, meter %4?</source>
        <translation>%1 for room %2, tenant %3, meter %4?</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="423" />
        <source>(vacant)</source>
        <translation>(vacant)</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="430" />
        <source>%1: queued…</source>
        <translation>%1: queued…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="442" />
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="457" />
        <source>%1: %2, waiting for the meter…</source>
        <translation>%1: %2, waiting for the meter…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="463" />
        <source>%1: confirmed by read-back (%2); waiting for the next poll…</source>
        <translation>%1: confirmed by read-back (%2); waiting for the next poll…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="470" />
        <source>guaranteed supply</source>
        <translation>guaranteed supply</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="472" />
        <source>%1: done. The meter reports: relay %2.</source>
        <translation>%1: done. The meter reports: relay %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="478" />
        <source>%1: %2. %3</source>
        <translation>%1: %2. %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="488" />
        <source>Confirm relay command</source>
        <translation>Confirm relay command</translation>
    </message>
</context>
<context>
    <name>RoomLoadTab</name>
    <message>
        <location filename="../../app/ui/room_load.py" line="81" />
        <source>Restore (manager)…</source>
        <translation>Restore (manager)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="87" />
        <source>Your role may not restore a load cut: ask the dorm manager.</source>
        <translation>Your role may not restore a load cut: ask the dorm manager.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="92" />
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="92" />
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="92" />
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="92" />
        <source>Appliance</source>
        <translation>Appliance</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="93" />
        <source>ΔP (W)</source>
        <translation>ΔP (W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="93" />
        <source>PF</source>
        <translation>PF</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="93" />
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="146" />
        <source>This room is not under load control.</source>
        <translation>This room is not under load control.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="149" />
        <source>Automatic restores today: %1 of %2.</source>
        <translation>Automatic restores today: %1 of %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="154" />
        <source>Cut by load control since %1.</source>
        <translation>Cut by load control since %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="158" />
        <source>Automatic restore at %1.</source>
        <translation>Automatic restore at %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="162" />
        <source>Learning mode: waiting for %1.</source>
        <translation>Learning mode: waiting for %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="169" />
        <source>Needs the manager (需宿管复位): the automatic restores of today are used up; only a manual restore with a reason gives the power back.</source>
        <translation>Needs the manager (需宿管复位): the automatic restores of today are used up; only a manual restore with a reason gives the power back.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="195" />
        <source>Restore (manager)</source>
        <translation>Restore (manager)</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="196" />
        <source>Why may the power come back (required, kept in the audit log)?</source>
        <translation>Why may the power come back (required, kept in the audit log)?</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="208" />
        <source>Restoring…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="216" />
        <source>Restore queued: the power comes back when the meter confirms it.</source>
        <translation>Restore queued: the power comes back when the meter confirms it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="218" />
        <source>Cleared: nothing left to switch (another rule keeps the room off).</source>
        <translation>Cleared: nothing left to switch (another rule keeps the room off).</translation>
    </message>
</context>
<context>
    <name>RoomMessages</name>
    <message>
        <location filename="../../app/ui/messages.py" line="444" />
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="444" />
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="444" />
        <source>Recipient</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="444" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="445" />
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="481" />
        <source>The last %1 messages sent for this room's account.</source>
        <translation>The last %1 messages sent for this room's account.</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="485" />
        <source>No message was sent for this room's account.</source>
        <translation>No message was sent for this room's account.</translation>
    </message>
</context>
<context>
    <name>RulesTab</name>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="69" />
        <source>Which messages are sent</source>
        <translation>Which messages are sent</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="80" />
        <source>Thresholds and limits</source>
        <translation>Thresholds and limits</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="82" />
        <source>Quiet hours: no SMS to tenants between</source>
        <translation>Quiet hours: no SMS to tenants between</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="90" />
        <source>and</source>
        <translation>and</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="95" />
        <source>A power cut is sent at any hour. Other SMS to tenants written during the quiet hours wait until they end; e-mail and staff messages are not held.</source>
        <translation>A power cut is sent at any hour. Other SMS to tenants written during the quiet hours wait until they end; e-mail and staff messages are not held.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="112" />
        <source>Tell staff of a meter-side recharge still pending after (minutes):</source>
        <translation>Tell staff of a meter-side recharge still pending after (minutes):</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="114" />
        <source>Tell staff of a meter offline for more than (minutes):</source>
        <translation>Tell staff of a meter offline for more than (minutes):</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="115" />
        <source>Send the daily summary after (hour of the day):</source>
        <translation>Send the daily summary after (hour of the day):</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="116" />
        <source>At most this many messages per person per hour:</source>
        <translation>At most this many messages per person per hour:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="117" />
        <source>At most this many messages per channel per minute:</source>
        <translation>At most this many messages per channel per minute:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="118" />
        <source>Tries before a message is marked failed:</source>
        <translation>Tries before a message is marked failed:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="98" />
        <source>Load control on (负载控制)</source>
        <translation>Load control on (负载控制)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="101" />
        <source>Applies to:</source>
        <translation>Applies to:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="122" />
        <source>On a forbidden load:</source>
        <translation>On a forbidden load:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="126" />
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="130" />
        <source>Automatic restore after:</source>
        <translation>Automatic restore after:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="131" />
        <source>Automatic restores a day (负控复位):</source>
        <translation>Automatic restores a day (负控复位):</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="136" />
        <source>Add a room override</source>
        <translation>Add a room override</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="137" />
        <source>Remove this override</source>
        <translation>Remove this override</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="138" />
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="140" />
        <source>Room override:</source>
        <translation>Room override:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="173" />
        <source>The whole building</source>
        <translation>The whole building</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="231" />
        <source>A new override starts from the shown values: Save to keep it.</source>
        <translation>A new override starts from the shown values: Save to keep it.</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="73" />
        <source>Your role (%1) may not run billing: only an administrator.</source>
        <translation>Your role (%1) may not run billing: only an administrator.</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="79" />
        <source>All buildings</source>
        <translation>All buildings</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="80" />
        <source>Show what is due</source>
        <translation>Show what is due</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="84" />
        <source>Period (YYYY-MM)</source>
        <translation>Period (YYYY-MM)</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="86" />
        <source>Building</source>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="93" />
        <location filename="../../app/ui/billing_runs.py" line="151" />
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="93" />
        <location filename="../../app/ui/billing_runs.py" line="152" />
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="93" />
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="98" />
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="101" />
        <source>Post…</source>
        <translation>Post…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="137" />
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="138" />
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="139" />
        <source>kWh</source>
        <translation>kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="140" />
        <source>Amount (yuan)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="141" />
        <source>Charged as</source>
        <translation>Charged as</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="142" />
        <source>How it was computed</source>
        <translation>How it was computed</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="146" />
        <source>History of runs</source>
        <translation>History of runs</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="150" />
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="153" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="154" />
        <source>Posted at</source>
        <translation>Posted at</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="155" />
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="156" />
        <source>Accounts</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="157" />
        <source>Total (yuan)</source>
        <translation>Total (yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="158" />
        <source>Reversed at</source>
        <translation>Reversed at</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="159" />
        <source>Reversed by</source>
        <translation>Reversed by</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="160" />
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="165" />
        <source>Show its lines</source>
        <translation>Show its lines</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="167" />
        <source>Reverse…</source>
        <translation>Reverse…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="230" />
        <source>Nothing is due in this period.</source>
        <translation>Nothing is due in this period.</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="248" />
        <source>system</source>
        <translation>system</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="270" />
        <source>Run %1: %2 accounts, %3 yuan</source>
        <translation>Run %1: %2 accounts, %3 yuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="283" />
        <source>bill</source>
        <translation>bill</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="283" />
        <source>deducted</source>
        <translation>deducted</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="303" />
        <source>Computing the preview…</source>
        <translation>Computing the preview…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="312" />
        <source>%1 accounts, %2 yuan (deducted %3, billed %4); bills due %5</source>
        <translation>%1 accounts, %2 yuan (deducted %3, billed %4); bills due %5</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="320" />
        <source>Already posted as run %1.</source>
        <translation>Already posted as run %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="327" />
        <source>Post the run</source>
        <translation>Post the run</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="336" />
        <source>Post %1 for %2: %3 accounts, %4 yuan in all? This charges the accounts.</source>
        <translation>Post %1 for %2: %3 accounts, %4 yuan in all? This charges the accounts.</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="346" />
        <source>Posting…</source>
        <translation>Posting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="351" />
        <source>Posted as run %1.</source>
        <translation>Posted as run %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="360" />
        <source>Reverse the run</source>
        <translation>Reverse the run</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="360" />
        <source>Why is the run reversed? (required)</source>
        <translation>Why is the run reversed? (required)</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="373" />
        <source>Give the reason for the reversal.</source>
        <translation>Give the reason for the reversal.</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="381" />
        <source>Run %1 was reversed.</source>
        <translation>Run %1 was reversed.</translation>
    </message>
</context>
<context>
    <name>ScanPanel</name>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="75" />
        <source>Scan</source>
        <translation>Scan</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="77" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="82" />
        <source>Your role may not use the buses.</source>
        <translation>Your role may not use the buses.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="89" />
        <source>Modbus: unit addresses 1-247. DL/T 645: meter numbers (12 digits, leading zeros may be left out). Each empty address costs one short timeout.</source>
        <translation>Modbus: unit addresses 1-247. DL/T 645: meter numbers (12 digits, leading zeros may be left out). Each empty address costs one short timeout.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="99" />
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="100" />
        <source>Protocol</source>
        <translation>Protocol</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="101" />
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="102" />
        <source>In the database</source>
        <translation>In the database</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="114" />
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="116" />
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="136" />
        <source>Scan %1</source>
        <translation>Scan %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="144" />
        <source>Choose a link above first.</source>
        <translation>Choose a link above first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="153" />
        <source>Check the range: Modbus addresses are 1-247, DL/T 645 numbers at most %1 per scan, and From is not after To.</source>
        <translation>Check the range: Modbus addresses are 1-247, DL/T 645 numbers at most %1 per scan, and From is not after To.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="164" />
        <source>A scan is already running on this bus.</source>
        <translation>A scan is already running on this bus.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="170" />
        <source>This is a simulated bus of the demo: it exists only while the collector runs in this window.</source>
        <translation>This is a simulated bus of the demo: it exists only while the collector runs in this window.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="188" />
        <source>through the collector's bus worker, between polls</source>
        <translation>through the collector's bus worker, between polls</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="190" />
        <source>on the port, opened for the scan</source>
        <translation>on the port, opened for the scan</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="193" />
        <source>Scanning %1 addresses on %2 %3…</source>
        <translation>Scanning %1 addresses on %2 %3…</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="230" />
        <source>not in the database</source>
        <translation>not in the database</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="249" />
        <source>Scan stopped: %1</source>
        <translation>Scan stopped: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="251" />
        <source>Scan cancelled after %1 of %2 addresses.</source>
        <translation>Scan cancelled after %1 of %2 addresses.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/bus_scan.py" line="254" />
        <source>%n device(s) answered.</source>
        <translation><numerusform>%n device answered.</numerusform><numerusform>%n devices answered.</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="257" />
        <source>Nobody answered: check the baud rate, the parity and the wiring.</source>
        <translation>Nobody answered: check the baud rate, the parity and the wiring.</translation>
    </message>
</context>
<context>
    <name>SchemeEditor</name>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="282" />
        <source>Apportionment scheme</source>
        <translation>Apportionment scheme</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="285" />
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="286" />
        <source>Buildings</source>
        <translation>Buildings</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="289" />
        <source>Energy shared</source>
        <translation>Energy shared</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="293" />
        <source>Common-area meters</source>
        <translation>Common-area meters</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="296" />
        <source>Master meters</source>
        <translation>Master meters</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="304" />
        <source>Shared</source>
        <translation>Shared</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="309" />
        <source>account=weight, for example E0100001=2 E0100002=1</source>
        <translation>account=weight, for example E0100001=2 E0100002=1</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="318" />
        <source>account numbers, for example E0100001</source>
        <translation>account numbers, for example E0100001</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="310" />
        <source>Ratios</source>
        <translation>Ratios</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="297" />
        <source>None ticked: all the common-area or master meters of the scope.</source>
        <translation>None ticked: all the common-area or master meters of the scope.</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="312" />
        <source>empty: no cap</source>
        <translation>empty: no cap</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="313" />
        <source>Cap (% of own use)</source>
        <translation>Cap (% of own use)</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="314" />
        <source>vacant rooms pay nothing</source>
        <translation>vacant rooms pay nothing</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="316" />
        <source>Vacant rooms</source>
        <translation>Vacant rooms</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="319" />
        <source>Excluded accounts</source>
        <translation>Excluded accounts</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="321" />
        <source>Most loss believed (%)</source>
        <translation>Most loss believed (%)</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="94" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="118" />
        <source>Working…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="130" />
        <source>Not done: %1</source>
        <translation>Not done: %1</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../app/ui/settings.py" line="103" />
        <source>Your role (%1) may not %2: ask an administrator.</source>
        <translation>Your role (%1) may not %2: ask an administrator.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings.py" line="211" />
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="240" />
        <source>Links (RS-485 buses)</source>
        <translation>Links (RS-485 buses)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="241" />
        <source>Park details for receipts</source>
        <translation>Park details for receipts</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="242" />
        <source>Alarm levels</source>
        <translation>Alarm levels</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="243" />
        <source>No-cut rules</source>
        <translation>No-cut rules</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="244" />
        <source>Messages (SMS, e-mail)</source>
        <translation>Messages (SMS, e-mail)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="245" />
        <source>Load control (dormitories)</source>
        <translation>Load control (dormitories)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="246" />
        <source>Online payments</source>
        <translation>Online payments</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="247" />
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="248" />
        <source>Theme</source>
        <translation>Theme</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="249" />
        <source>Backup</source>
        <translation>Backup</translation>
    </message>
</context>
<context>
    <name>SheetForm</name>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="112" />
        <source>CSV or XLSX: room, amount, optional building</source>
        <translation>CSV or XLSX: room, amount, optional building</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="113" />
        <source>Choose sheet…</source>
        <translation>Choose sheet…</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="118" />
        <source>Recharge (充值)</source>
        <translation>Recharge (充值)</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="119" />
        <source>Base allowance (基础额度)</source>
        <translation>Base allowance (基础额度)</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="126" />
        <source>Sheet:</source>
        <translation>Sheet:</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="128" />
        <source>Purpose:</source>
        <translation>Purpose:</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="133" />
        <source>Every row is checked before anything is created: a sheet with any error is refused as a whole, with every error listed by row and column.</source>
        <translation>Every row is checked before anything is created: a sheet with any error is refused as a whole, with every error listed by row and column.</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="143" />
        <source>Choose a sheet</source>
        <translation>Choose a sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="143" />
        <source>Sheets (*.csv *.xlsx)</source>
        <translation>Sheets (*.csv *.xlsx)</translation>
    </message>
</context>
<context>
    <name>ShiftCloseDialog</name>
    <message>
        <location filename="../../app/ui/shift_close.py" line="47" />
        <location filename="../../app/ui/shift_close.py" line="83" />
        <location filename="../../app/ui/shift_close.py" line="152" />
        <source>Close shift</source>
        <translation>Close shift</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="52" />
        <source>Shift:</source>
        <translation>Shift:</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="53" />
        <source>Payments:</source>
        <translation>Payments:</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="62" />
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="67" />
        <source>Expected cash in the drawer:</source>
        <translation>Expected cash in the drawer:</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="71" />
        <source>Cash counted:</source>
        <translation>Cash counted:</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="74" />
        <source>Difference:</source>
        <translation>Difference:</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="77" />
        <source>Why the cash differs (required when it does)</source>
        <translation>Why the cash differs (required when it does)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="78" />
        <source>Reason:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="113" />
        <source>none: the drawer agrees</source>
        <translation>none: the drawer agrees</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="115" />
        <source>%1 over</source>
        <translation>%1 over</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="118" />
        <source>%1 short</source>
        <translation>%1 short</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="127" />
        <source>Type the cash counted in the drawer.</source>
        <translation>Type the cash counted in the drawer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="131" />
        <source>The cash differs from what is expected: say why.</source>
        <translation>The cash differs from what is expected: say why.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="136" />
        <source>Close shift #%1 with %2 counted against %3 expected, a difference of %4?</source>
        <translation>Close shift #%1 with %2 counted against %3 expected, a difference of %4?</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="144" />
        <source>Close shift #%1 with %2 in the drawer, as expected?</source>
        <translation>Close shift #%1 with %2 in the drawer, as expected?</translation>
    </message>
</context>
<context>
    <name>ShiftCloser</name>
    <message>
        <location filename="../../app/ui/shift_close.py" line="179" />
        <source>You have taken no money since your last shift close.</source>
        <translation>You have taken no money since your last shift close.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="199" />
        <source>Shift %1 closed. Expected cash %2, counted %3, difference %4.</source>
        <translation>Shift %1 closed. Expected cash %2, counted %3, difference %4.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="208" />
        <source>Save shift report</source>
        <translation>Save shift report</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="215" />
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
</context>
<context>
    <name>SiteSheetWindow</name>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="171" />
        <source>Site sheet — import and export</source>
        <translation>Site sheet — import and export</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="177" />
        <source>Choose a sheet to import…</source>
        <translation>Choose a sheet to import…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="179" />
        <source>Export the site…</source>
        <translation>Export the site…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="181" />
        <source>Errors only</source>
        <translation>Errors only</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="183" />
        <source>No sheet chosen.</source>
        <translation>No sheet chosen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="196" />
        <source>Apply the sheet</source>
        <translation>Apply the sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="247" />
        <source>Your role may not change the site: you can export it, not import.</source>
        <translation>Your role may not change the site: you can export it, not import.</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="251" />
        <source>Correct the errors in the sheet and choose it again.</source>
        <translation>Correct the errors in the sheet and choose it again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="263" />
        <source>Row %1: %2</source>
        <translation>Row %1: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="276" />
        <source>Choose a site sheet</source>
        <translation>Choose a site sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="278" />
        <source>Site sheets (*.xlsx *.xlsm *.csv);;All files (*)</source>
        <translation>Site sheets (*.xlsx *.xlsm *.csv);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="292" />
        <source>Checking %1…</source>
        <translation>Checking %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="302" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="318" />
        <source>Writing %1…</source>
        <translation>Writing %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="333" />
        <source>Nothing was written: the sheet or the site changed.</source>
        <translation>Nothing was written: the sheet or the site changed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="345" />
        <source>Export the site</source>
        <translation>Export the site</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="346" />
        <source>site.xlsx</source>
        <translation>site.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="347" />
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="356" />
        <source>Exporting to %1…</source>
        <translation>Exporting to %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="370" />
        <source>Site sheet</source>
        <translation>Site sheet</translation>
    </message>
</context>
<context>
    <name>SiteTree</name>
    <message>
        <location filename="../../app/ui/site_tree.py" line="35" />
        <source>Park / building / floor / room</source>
        <translation>Park / building / floor / room</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="36" />
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="37" />
        <source>Balance</source>
        <translation>Balance</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="38" />
        <source>Relay</source>
        <translation>Relay</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="39" />
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="40" />
        <source>Today kWh</source>
        <translation>Today kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="41" />
        <source>Today ¥</source>
        <translation>Today ¥</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="42" />
        <source>Meter address</source>
        <translation>Meter address</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="50" />
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="51" />
        <source>Rooms with a meter that stopped answering</source>
        <translation>Rooms with a meter that stopped answering</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="55" />
        <source>Low balance</source>
        <translation>Low balance</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="56" />
        <source>Rooms at alarm level 1, 2 or 3</source>
        <translation>Rooms at alarm level 1, 2 or 3</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="60" />
        <source>Cut</source>
        <translation>Cut</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="61" />
        <source>Rooms whose power is cut off</source>
        <translation>Rooms whose power is cut off</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="65" />
        <source>Needs the manager</source>
        <translation>Needs the manager</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="66" />
        <source>Dormitory rooms cut by load control that only the manager restores</source>
        <translation>Dormitory rooms cut by load control that only the manager restores</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="72" />
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="73" />
        <source>Rooms with a recharge waiting for the meter</source>
        <translation>Rooms with a recharge waiting for the meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="77" />
        <source>Vacant, drawing</source>
        <translation>Vacant, drawing</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="78" />
        <source>Vacant rooms (no open account) whose meters draw power</source>
        <translation>Vacant rooms (no open account) whose meters draw power</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="239" />
        <source>Batch over this building…</source>
        <translation>Batch over this building…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="241" />
        <source>Batch over this floor…</source>
        <translation>Batch over this floor…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/labels.py" line="108" />
        <source>%n room(s)</source>
        <translation><numerusform>%n room</numerusform><numerusform>%n rooms</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="112" />
        <source>(vacant)</source>
        <translation>(vacant)</translation>
    </message>
</context>
<context>
    <name>StaffTab</name>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="295" />
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="296" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="297" />
        <source>Mobile</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="298" />
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="299" />
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="300" />
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="301" />
        <source>E-mail on</source>
        <translation>E-mail on</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="305" />
        <source>Save staff contacts</source>
        <translation>Save staff contacts</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="310" />
        <source>Staff with SMS or e-mail on receive the staff messages switched on under Rules: meters offline, meter-side recharges still pending, the daily summary.</source>
        <translation>Staff with SMS or e-mail on receive the staff messages switched on under Rules: meters offline, meter-side recharges still pending, the daily summary.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="377" />
        <source>Staff contacts saved.</source>
        <translation>Staff contacts saved.</translation>
    </message>
</context>
<context>
    <name>SwapDialog</name>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="448" />
        <source>Meter swap (换表补电)</source>
        <translation>Meter swap (换表补电)</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="449" />
        <source>Account %1 · %2</source>
        <translation>Account %1 · %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="455" />
        <source>Swap meter</source>
        <translation>Swap meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="466" />
        <source>same as the old meter</source>
        <translation>same as the old meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="469" />
        <source>last reading</source>
        <translation>last reading</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="472" />
        <source>as last read (meter-side)</source>
        <translation>as last read (meter-side)</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="473" />
        <source>Old meter:</source>
        <translation>Old meter:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="474" />
        <source>New meter address:</source>
        <translation>New meter address:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="475" />
        <source>New meter profile:</source>
        <translation>New meter profile:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="476" />
        <source>Old meter's final reading (kWh):</source>
        <translation>Old meter's final reading (kWh):</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="477" />
        <source>Balance on its display (yuan):</source>
        <translation>Balance on its display (yuan):</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="480" />
        <source>The final reading is stored on the old meter (a platform-side meter is billed up to it); a meter-side balance moves to the new meter as a recharge with purchase count 1.</source>
        <translation>The final reading is stored on the old meter (a platform-side meter is billed up to it); a meter-side balance moves to the new meter as a recharge with purchase count 1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="489" />
        <source>Choose the old meter and give the new meter's address.</source>
        <translation>Choose the old meter and give the new meter's address.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="498" />
        <source>Replace %1 by a new meter at address %2?</source>
        <translation>Replace %1 by a new meter at address %2?</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="511" />
        <source>Meter %1 installed at address %2.</source>
        <translation>Meter %1 installed at address %2.</translation>
    </message>
</context>
<context>
    <name>TariffWindow</name>
    <message>
        <location filename="../../app/ui/tariffs.py" line="141" />
        <source>Tariffs (电价管理)</source>
        <translation>Tariffs (电价管理)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="149" />
        <source>Tariff</source>
        <translation>Tariff</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="149" />
        <source>In force now</source>
        <translation>In force now</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="149" />
        <source>Applies to</source>
        <translation>Applies to</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="165" />
        <source>Effective from</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="166" />
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="167" />
        <source>Prices</source>
        <translation>Prices</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="168" />
        <source>Band hours</source>
        <translation>Band hours</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="169" />
        <source>Tiered blocks</source>
        <translation>Tiered blocks</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="170" />
        <source>Published by</source>
        <translation>Published by</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="187" />
        <source>The most specific assignment wins: meter, then building, then tenant kind, then the default.</source>
        <translation>The most specific assignment wins: meter, then building, then tenant kind, then the default.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="195" />
        <source>New version…</source>
        <translation>New version…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="198" />
        <source>New tariff…</source>
        <translation>New tariff…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="200" />
        <source>Assign…</source>
        <translation>Assign…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="203" />
        <source>Reload</source>
        <translation>Reload</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="215" />
        <source>Your role (%1) may not change tariffs: they are shown read-only. Ask an operator or an administrator to publish or assign a tariff.</source>
        <translation>Your role (%1) may not change tariffs: they are shown read-only. Ask an operator or an administrator to publish or assign a tariff.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="235" />
        <source>Versions (newest last):</source>
        <translation>Versions (newest last):</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="255" />
        <source>Loading tariffs…</source>
        <translation>Loading tariffs…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="260" />
        <source>Could not read the tariffs: %1</source>
        <translation>Could not read the tariffs: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="269" />
        <source>(not yet in force)</source>
        <translation>(not yet in force)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="272" />
        <source>new version from %1</source>
        <translation>new version from %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="276" />
        <location filename="../../app/ui/tariffs.py" line="358" />
        <source>(not assigned)</source>
        <translation>(not assigned)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="288" />
        <source>Catalogue price %1 yuan/kWh; resale cap %2 yuan/kWh. A version above the cap is published with a warning that is recorded.</source>
        <translation>Catalogue price %1 yuan/kWh; resale cap %2 yuan/kWh. A version above the cap is published with a warning that is recorded.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="296" />
        <source>No catalogue price is set, so the resale cap cannot be checked.</source>
        <translation>No catalogue price is set, so the resale cap cannot be checked.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/tariffs.py" line="303" />
        <source>%n tariff(s)</source>
        <translation><numerusform>%n tariff</numerusform><numerusform>%n tariffs</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="335" />
        <source>upcoming</source>
        <translation>upcoming</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="337" />
        <location filename="../../app/ui/tariffs.py" line="353" />
        <source>in force</source>
        <translation>in force</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="339" />
        <source>superseded</source>
        <translation>superseded</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="340" />
        <source>(system)</source>
        <translation>(system)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="359" />
        <source>Applies to:</source>
        <translation>Applies to:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="378" />
        <source>Tariff %1: new version published.</source>
        <translation>Tariff %1: new version published.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="401" />
        <source>Apply tariff %1 to %2?</source>
        <translation>Apply tariff %1 to %2?</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="408" />
        <source>Assigning…</source>
        <translation>Assigning…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="412" />
        <source>Not assigned: %1</source>
        <translation>Not assigned: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="417" />
        <source>Tariff %1 now applies to %2.</source>
        <translation>Tariff %1 now applies to %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="426" />
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
</context>
<context>
    <name>Tariffs</name>
    <message>
        <location filename="../../app/ui/labels.py" line="160" />
        <source>Sharp (尖)</source>
        <translation>Sharp (尖)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="161" />
        <source>Peak (峰)</source>
        <translation>Peak (峰)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="162" />
        <source>Flat (平)</source>
        <translation>Flat (平)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="163" />
        <source>Valley (谷)</source>
        <translation>Valley (谷)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="178" />
        <source>Sharp</source>
        <translation>Sharp</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="179" />
        <source>Peak</source>
        <translation>Peak</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="180" />
        <source>Flat</source>
        <translation>Flat</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="181" />
        <source>Valley</source>
        <translation>Valley</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="188" />
        <source>Meter</source>
        <translation>Meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="189" />
        <source>Building</source>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="190" />
        <source>Tenant kind</source>
        <translation>Tenant kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="191" />
        <source>Default (everything else)</source>
        <translation>Default (everything else)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="52" />
        <source>enterprise</source>
        <translation>enterprise</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="53" />
        <source>shop</source>
        <translation>shop</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="54" />
        <source>student dorm</source>
        <translation>student dorm</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="55" />
        <source>person</source>
        <translation>person</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="56" />
        <source>public</source>
        <translation>public</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="59" />
        <source>yuan/kWh</source>
        <translation>yuan/kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="75" />
        <source>Season from %1 (%2 seasons):</source>
        <translation>Season from %1 (%2 seasons):</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="86" />
        <source>Workdays</source>
        <translation>Workdays</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="87" />
        <source>Weekends</source>
        <translation>Weekends</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="88" />
        <source>Holidays</source>
        <translation>Holidays</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="103" />
        <source>%1 kWh free</source>
        <translation>%1 kWh free</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="109" />
        <location filename="../../app/ui/tariffs.py" line="117" />
        <source>per month</source>
        <translation>per month</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="119" />
        <source>per year</source>
        <translation>per year</translation>
    </message>
</context>
<context>
    <name>TemplatesTab</name>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="190" />
        <source>Preview with real data</source>
        <translation>Preview with real data</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="192" />
        <source>Save template</source>
        <translation>Save template</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="213" />
        <source>Message:</source>
        <translation>Message:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="214" />
        <source>E-mail subject:</source>
        <translation>E-mail subject:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="215" />
        <source>Text:</source>
        <translation>Text:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="216" />
        <source>Fields:</source>
        <translation>Fields:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="218" />
        <source>Preview:</source>
        <translation>Preview:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="219" />
        <source>SMS:</source>
        <translation>SMS:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="280" />
        <source>Template saved; the next messages of this kind use it.</source>
        <translation>Template saved; the next messages of this kind use it.</translation>
    </message>
</context>
<context>
    <name>TenantDialog</name>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="43" />
        <source>Tenant and contacts (租户与联系人)</source>
        <translation>Tenant and contacts (租户与联系人)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="44" />
        <source>Account %1 · %2</source>
        <translation>Account %1 · %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="49" />
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="60" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="61" />
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="62" />
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="63" />
        <source>May pay</source>
        <translation>May pay</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="64" />
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="71" />
        <source>Add contact</source>
        <translation>Add contact</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="74" />
        <source>Remove contact</source>
        <translation>Remove contact</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="81" />
        <source>Tenant:</source>
        <translation>Tenant:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="82" />
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="87" />
        <source>Your role may not change tenants: the list is read-only.</source>
        <translation>Your role may not change tenants: the list is read-only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="95" />
        <source>People ticked under “May pay” may pay for this tenant's accounts at the counter. Each contact needs a phone or an email.</source>
        <translation>People ticked under “May pay” may pay for this tenant's accounts at the counter. Each contact needs a phone or an email.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="130" />
        <source>Save tenant %1 with %2 contact(s)?</source>
        <translation>Save tenant %1 with %2 contact(s)?</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="134" />
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>ThemePage</name>
    <message>
        <location filename="../../app/ui/settings.py" line="167" />
        <source>Theme</source>
        <translation>Theme</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="170" />
        <source>Light</source>
        <translation>Light</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="171" />
        <source>Dark (for dim control rooms)</source>
        <translation>Dark (for dim control rooms)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="180" />
        <source>Applied at once to every window; remembered on this workstation.</source>
        <translation>Applied at once to every window; remembered on this workstation.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="187" />
        <source>Theme applied.</source>
        <translation>Theme applied.</translation>
    </message>
</context>
<context>
    <name>TimeControl</name>
    <message>
        <location filename="../../app/ui/labels.py" line="454" />
        <source>arrears</source>
        <translation>arrears</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="455" />
        <source>cut by hand</source>
        <translation>cut by hand</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="456" />
        <source>cut by the meter</source>
        <translation>cut by the meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="457" />
        <source>supply timetable</source>
        <translation>supply timetable</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="458" />
        <source>batch task</source>
        <translation>batch task</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="465" />
        <source>Monday</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="466" />
        <source>Tuesday</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="467" />
        <source>Wednesday</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="468" />
        <source>Thursday</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="469" />
        <source>Friday</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="470" />
        <source>Saturday</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="471" />
        <source>Sunday</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="472" />
        <source>Holidays</source>
        <translation>Holidays</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="480" />
        <source>building</source>
        <translation>building</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="481" />
        <source>floor</source>
        <translation>floor</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="482" />
        <source>room group</source>
        <translation>room group</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="483" />
        <source>account</source>
        <translation>account</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="490" />
        <source>supply off</source>
        <translation>supply off</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="491" />
        <source>supply on</source>
        <translation>supply on</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="498" />
        <source>cut</source>
        <translation>cut</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="499" />
        <source>restored</source>
        <translation>restored</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="500" />
        <source>held (guaranteed supply)</source>
        <translation>held (guaranteed supply)</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="501" />
        <source>already off</source>
        <translation>already off</translation>
    </message>
</context>
<context>
    <name>TimeControlWindow</name>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="448" />
        <source>Time control</source>
        <translation>Time control</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="453" />
        <source>Timetables</source>
        <translation>Timetables</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="454" />
        <source>Calendar</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="455" />
        <source>History</source>
        <translation>History</translation>
    </message>
</context>
<context>
    <name>TimetableEditor</name>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="102" />
        <source>Timetable</source>
        <translation>Timetable</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="106" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="110" />
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="112" />
        <source>Filter by name…</source>
        <translation>Filter by name…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="120" />
        <source>Places</source>
        <translation>Places</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="124" />
        <source>In force from</source>
        <translation>In force from</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="126" />
        <source>no end date</source>
        <translation>no end date</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="135" />
        <source>In force until</source>
        <translation>In force until</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="137" />
        <source>Supply off / on</source>
        <translation>Supply off / on</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="139" />
        <source>YYYY-MM-DD, separated by commas</source>
        <translation>YYYY-MM-DD, separated by commas</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="140" />
        <source>Holiday dates</source>
        <translation>Holiday dates</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="142" />
        <source>Remarks</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="163" />
        <source>Timetable %1</source>
        <translation>Timetable %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="202" />
        <source>Off (lights-out)</source>
        <translation>Off (lights-out)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="203" />
        <source>On (power back)</source>
        <translation>On (power back)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="208" />
        <source>An on time before the off time is the next morning.</source>
        <translation>An on time before the off time is the next morning.</translation>
    </message>
</context>
<context>
    <name>TimetablesPage</name>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="98" />
        <source>Filter by name, place or remark…</source>
        <translation>Filter by name, place or remark…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="101" />
        <source>Any scope</source>
        <translation>Any scope</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="105" />
        <source>Show removed</source>
        <translation>Show removed</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="107" />
        <source>Add…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="109" />
        <source>Edit…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="111" />
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="113" />
        <source>Holidays…</source>
        <translation>Holidays…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="118" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="119" />
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="120" />
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="121" />
        <source>Until</source>
        <translation>Until</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="122" />
        <source>Off / on</source>
        <translation>Off / on</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="123" />
        <source>Holidays</source>
        <translation>Holidays</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="124" />
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="125" />
        <source>Remarks</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="139" />
        <source>Your role may not switch relays, so it may not change timetables.</source>
        <translation>Your role may not switch relays, so it may not change timetables.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="187" />
        <source>active</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="187" />
        <source>removed</source>
        <translation>removed</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="210" />
        <source>A removed timetable cannot be changed; add a new one.</source>
        <translation>A removed timetable cannot be changed; add a new one.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="234" />
        <source>Remove timetable</source>
        <translation>Remove timetable</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="235" />
        <source>Remove %1? The supply it cut comes back at the next check.</source>
        <translation>Remove %1? The supply it cut comes back at the next check.</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="365" />
        <source>Transfer of ownership (过户)</source>
        <translation>Transfer of ownership (过户)</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="366" />
        <source>Account %1 · %2 · balance %3</source>
        <translation>Account %1 · %2 · balance %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="374" />
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="385" />
        <source>Carry the balance to the new account</source>
        <translation>Carry the balance to the new account</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="387" />
        <source>Room:</source>
        <translation>Room:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="388" />
        <source>New tenant:</source>
        <translation>New tenant:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="389" />
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="400" />
        <source>Only an administrator moves money between accounts.</source>
        <translation>Only an administrator moves money between accounts.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="403" />
        <source>Without the balance the old account keeps its money (refund it or close it).</source>
        <translation>Without the balance the old account keeps its money (refund it or close it).</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="411" />
        <source>Choose the room and give the new tenant's name.</source>
        <translation>Choose the room and give the new tenant's name.</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="415" />
        <source>Room %1 passes to %2, with the balance?</source>
        <translation>Room %1 passes to %2, with the balance?</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="417" />
        <source>Room %1 passes to %2, without the balance?</source>
        <translation>Room %1 passes to %2, without the balance?</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="430" />
        <source>Room %1 now belongs to %2, account %3.</source>
        <translation>Room %1 now belongs to %2, account %3.</translation>
    </message>
</context>
<context>
    <name>UnmatchedTab</name>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="82" />
        <source>Platform</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="83" />
        <source>Transaction</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="84" />
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="85" />
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="86" />
        <source>Payer</source>
        <translation>Payer</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="87" />
        <source>Remark</source>
        <translation>Remark</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="88" />
        <source>Why unmatched</source>
        <translation>Why unmatched</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="97" />
        <source>Account number, tenant, room (A栋/301)</source>
        <translation>Account number, tenant, room (A栋/301)</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="104" />
        <source>Assign to the chosen account</source>
        <translation>Assign to the chosen account</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="113" />
        <source>Assign the selected payment to:</source>
        <translation>Assign the selected payment to:</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="146" />
        <source>Waiting for a person: %1.</source>
        <translation>Waiting for a person: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="185" />
        <source>Credited to %1, receipt %2; the payer is remembered for next time.</source>
        <translation>Credited to %1, receipt %2; the payer is remembered for next time.</translation>
    </message>
</context>
<context>
    <name>VersionDialog</name>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="90" />
        <source>New version of %1</source>
        <translation>New version of %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="92" />
        <source>New tariff</source>
        <translation>New tariff</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="109" />
        <source>Tariff name:</source>
        <translation>Tariff name:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="111" />
        <source>Description:</source>
        <translation>Description:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="121" />
        <source>A new version starts now or later, never in the past: what was already charged keeps the price it was charged with. Time zone: %1.</source>
        <translation>A new version starts now or later, never in the past: what was already charged keeps the price it was charged with. Time zone: %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="128" />
        <source>Effective from:</source>
        <translation>Effective from:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="132" />
        <source>Flat price (单一电价)</source>
        <translation>Flat price (单一电价)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="133" />
        <source>Time of use (分时电价: 尖峰平谷)</source>
        <translation>Time of use (分时电价: 尖峰平谷)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="135" />
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="139" />
        <source>Price (yuan/kWh):</source>
        <translation>Price (yuan/kWh):</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="146" />
        <source>Free kWh per account each month (or each tier year), used before any price and never refunded; platform-side billing only. Empty or 0: none.</source>
        <translation>Free kWh per account each month (or each tier year), used before any price and never refunded; platform-side billing only. Empty or 0: none.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="150" />
        <source>Base allowance (基础电量, kWh):</source>
        <translation>Base allowance (基础电量, kWh):</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="152" />
        <source>Time of use: band prices and hours</source>
        <translation>Time of use: band prices and hours</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="164" />
        <source>yuan/kWh</source>
        <translation>yuan/kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="168" />
        <source>Paint with:</source>
        <translation>Paint with:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="169" />
        <source>Erase</source>
        <translation>Erase</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="170" />
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="171" />
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="172" />
        <source>Set</source>
        <translation>Set</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="176" />
        <source>Season:</source>
        <translation>Season:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="191" />
        <source>Workday schedule: click or drag over the half hours with a band (right button erases), or set a range. Every half hour needs a band.</source>
        <translation>Workday schedule: click or drag over the half hours with a band (right button erases), or set a range. Every half hour needs a band.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="200" />
        <source>Weekends have their own schedule</source>
        <translation>Weekends have their own schedule</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="210" />
        <source>Holidays (节假日): these days are priced with the weekend schedule (or the season's holiday schedule). Dates like 2026-10-01, separated by commas.</source>
        <translation>Holidays (节假日): these days are priced with the weekend schedule (or the season's holiday schedule). Dates like 2026-10-01, separated by commas.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="227" />
        <source>Tiered blocks (阶梯电价), added on top of the price</source>
        <translation>Tiered blocks (阶梯电价), added on top of the price</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="234" />
        <source>Up to kWh (empty = no limit)</source>
        <translation>Up to kWh (empty = no limit)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="234" />
        <source>Adds yuan/kWh</source>
        <translation>Adds yuan/kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="241" />
        <source>Add block</source>
        <translation>Add block</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="244" />
        <source>Remove block</source>
        <translation>Remove block</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="248" />
        <source>per month</source>
        <translation>per month</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="249" />
        <source>per year</source>
        <translation>per year</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="252" />
        <source>Blocks count kWh</source>
        <translation>Blocks count kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="271" />
        <source>Resale cap: %1 yuan/kWh (catalogue price + margin).</source>
        <translation>Resale cap: %1 yuan/kWh (catalogue price + margin).</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="276" />
        <source>Publish version</source>
        <translation>Publish version</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="280" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="351" />
        <source>Publish a new version of tariff %1, effective from %2 (%3)?</source>
        <translation>Publish a new version of tariff %1, effective from %2 (%3)?</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="359" />
        <source>Warning: the highest price %1 yuan/kWh is above the resale cap of %2 yuan/kWh (catalogue price + margin). The version will be recorded with this warning.</source>
        <translation>Warning: the highest price %1 yuan/kWh is above the resale cap of %2 yuan/kWh (catalogue price + margin). The version will be recorded with this warning.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="376" />
        <source>Published: tariff %1 from %2.</source>
        <translation>Published: tariff %1 from %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="382" />
        <source>Warning: %1</source>
        <translation>Warning: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="390" />
        <source>Not published: %1</source>
        <translation>Not published: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="398" />
        <source>Publish tariff version</source>
        <translation>Publish tariff version</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="97" />
        <source>Slots off the half hour were rounded down.</source>
        <translation>Slots off the half hour were rounded down.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="103" />
        <source>This tariff has %1 seasons: choose one above to see or change its schedule; the prices are the same all year.</source>
        <translation>This tariff has %1 seasons: choose one above to see or change its schedule; the prices are the same all year.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="128" />
        <source>from %1 (%2 of %3)</source>
        <translation>from %1 (%2 of %3)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="180" />
        <source>Holidays: %1 is not a date like 2026-10-01.</source>
        <translation>Holidays: %1 is not a date like 2026-10-01.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="191" />
        <source>Base allowance</source>
        <translation>Base allowance</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="198" />
        <source>%1: free energy is 0 to 100000 kWh with at most 2 decimals, not %2.</source>
        <translation>%1: free energy is 0 to 100000 kWh with at most 2 decimals, not %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="211" />
        <source>%1: enter a price in yuan/kWh.</source>
        <translation>%1: enter a price in yuan/kWh.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="219" />
        <source>%1: %2 is not a price.</source>
        <translation>%1: %2 is not a price.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="225" />
        <source>%1: a price must be zero or more, not %2.</source>
        <translation>%1: a price must be zero or more, not %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="233" />
        <source>%1: a price has at most 4 decimals (%2).</source>
        <translation>%1: a price has at most 4 decimals (%2).</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="246" />
        <source>%1: the day is not fully covered; %2 has no band.</source>
        <translation>%1: the day is not fully covered; %2 has no band.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="258" />
        <source>Tariff name: enter a name.</source>
        <translation>Tariff name: enter a name.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="264" />
        <source>Effective from: %1 is in the past. A tariff version can only start now or later; charges already made are never recomputed.</source>
        <translation>Effective from: %1 is in the past. A tariff version can only start now or later; charges already made are never recomputed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="283" />
        <location filename="../../app/ui/tariff_form.py" line="354" />
        <source>%1 price</source>
        <translation>%1 price</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="298" />
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="316" />
        <source> (season from %1)</source>
        <translation> (season from %1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="324" />
        <source>Workday schedule</source>
        <translation>Workday schedule</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="325" />
        <source>Weekend schedule</source>
        <translation>Weekend schedule</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="340" />
        <source>Tiered blocks: add at least one block or untick them.</source>
        <translation>Tiered blocks: add at least one block or untick them.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="347" />
        <source>Block %1</source>
        <translation>Block %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="360" />
        <source>%1: only the last block may have no upper limit.</source>
        <translation>%1: only the last block may have no upper limit.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="368" />
        <source>%1: the last block must have no upper limit (leave it empty).</source>
        <translation>%1: the last block must have no upper limit (leave it empty).</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="377" />
        <source>%1: %2 is not a number of kWh.</source>
        <translation>%1: %2 is not a number of kWh.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="383" />
        <source>%1: the upper limit must be above %2 kWh.</source>
        <translation>%1: the upper limit must be above %2 kWh.</translation>
    </message>
</context>
<context>
    <name>Wall</name>
    <message>
        <location filename="../../app/ui/wall.py" line="25" />
        <source>supplied</source>
        <translation>supplied</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="26" />
        <source>low balance</source>
        <translation>low balance</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="27" />
        <source>pre-trip</source>
        <translation>pre-trip</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="28" />
        <source>cut / cut-off line</source>
        <translation>cut / cut-off line</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="29" />
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="30" />
        <source>guaranteed supply</source>
        <translation>guaranteed supply</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="31" />
        <source>recharge pending</source>
        <translation>recharge pending</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="32" />
        <source>vacant</source>
        <translation>vacant</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="33" />
        <source>vacant, drawing power</source>
        <translation>vacant, drawing power</translation>
    </message>
</context>
<context>
    <name>WhitelistTab</name>
    <message>
        <location filename="../../app/ui/settings_load.py" line="284" />
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="284" />
        <source>Appliance</source>
        <translation>Appliance</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="284" />
        <source>ΔP (W)</source>
        <translation>ΔP (W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="284" />
        <source>PF</source>
        <translation>PF</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="285" />
        <source>How</source>
        <translation>How</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="285" />
        <source>Added by</source>
        <translation>Added by</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="285" />
        <source>Added</source>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="293" />
        <source>name, e.g. 冰箱</source>
        <translation>name, e.g. 冰箱</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="303" />
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="304" />
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="306" />
        <source>Remove the selected</source>
        <translation>Remove the selected</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="310" />
        <source>PF:</source>
        <translation>PF:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="333" />
        <location filename="../../app/ui/settings_load.py" line="346" />
        <source>whole building</source>
        <translation>whole building</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="337" />
        <source>learned</source>
        <translation>learned</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="337" />
        <source>by hand</source>
        <translation>by hand</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="361" />
        <source>Select the entry to remove.</source>
        <translation>Select the entry to remove.</translation>
    </message>
</context>
<context>
    <name>_CredentialsDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="80" />
        <source>Unexpected error: %1</source>
        <translation>Unexpected error: %1</translation>
    </message>
</context>
</TS>